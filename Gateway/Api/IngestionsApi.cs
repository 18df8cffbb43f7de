using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Gateway.Ingestion;

namespace UmsOrleans.Gateway.Api;

/// <summary><c>groupBy</c>: lines with the same value of this field are one product with several photos (default <c>productId</c>).</summary>
public sealed record StartIngestionRequest(string? Catalog, string? Root, string? GroupBy = null);

public static class IngestionsApi
{
    public static IEndpointRouteBuilder MapIngestionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/collections/{name}/ingest", Start).WithName("StartIngestion").WithTags("Ingestion")
            .Accepts<StartIngestionRequest>("application/json").ProducesProblem(400).ProducesProblem(404).ProducesProblem(413);
        var group = routes.MapGroup("/ingestions").WithTags("Ingestion");
        group.MapGet("/", List).WithName("ListIngestions");
        group.MapGet("/{id}", Get).WithName("GetIngestion").ProducesProblem(404);
        group.MapPost("/{id}/cancel", Cancel).WithName("CancelIngestion").ProducesProblem(404);
        return routes;
    }

    /// <summary>
    /// Starts ingesting a catalog (JSON Lines, the layout of the <c>ingest</c> verb) that lies under the data
    /// root, into a collection created with a model; answers at once (202) with the job's status.
    /// </summary>
    public static async Task<Results<Accepted<IngestJobStatus>, ProblemHttpResult>> Start(
        string name, HttpRequest request, [AsParameters] IngestionServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<StartIngestionRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        var (catalogPath, catalogError) = services.DataRoot.Resolve(body?.Catalog ?? "");
        if (catalogError is not null) return Problems.BadRequest(new FieldError("catalog", $"{catalogError} {IngestOptions.DataRootHint}"));
        var imageRoot = Path.GetDirectoryName(catalogPath)!;
        if (body!.Root is { Length: > 0 } root)
        {
            var (folder, rootError) = services.DataRoot.ResolveDirectory(root);
            if (rootError is not null) return Problems.BadRequest(new FieldError("root", $"{rootError} {IngestOptions.DataRootHint}"));
            imageRoot = folder!;
        }
        var spec = await services.Catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        if (spec.Model is null) return Problems.BadRequest(new FieldError("name", $"collection '{name}' has no model to encode photos and titles with; create it with \"model\"."));
        if (body.GroupBy is { } group && (group.Length is 0 or > RequestLimits.MaxIdLength)) return Problems.BadRequest(new FieldError("groupBy", $"must name a catalog field (1 to {RequestLimits.MaxIdLength} characters)."));
        var status = await services.Jobs.StartAsync(spec, catalogPath!, imageRoot, services.DataRoot, body.GroupBy ?? CatalogProducts.DefaultGroupField);
        return TypedResults.Accepted($"/ingestions/{status.Id}", status);
    }

    /// <summary>The newest jobs, read from the job store (so they survive a restart of the gateway).</summary>
    public static async Task<Ok<IReadOnlyList<IngestJobStatus>>> List([AsParameters] IngestionServices services) => TypedResults.Ok(await services.Jobs.ListAsync());

    public static async Task<Results<Ok<IngestJobStatus>, ProblemHttpResult>> Get(string id, [AsParameters] IngestionServices services) =>
        await services.Jobs.GetAsync(id) is { } status ? TypedResults.Ok(status) : Missing(id);

    public static Results<Ok<IngestJobStatus>, ProblemHttpResult> Cancel(string id, [AsParameters] IngestionServices services) =>
        services.Jobs.Cancel(id) is { } status ? TypedResults.Ok(status) : Missing(id);

    private static ProblemHttpResult Missing(string id) => Problems.NotFound("id", $"no ingestion job '{id}' is known (or, to cancel, runs in this gateway).");
}
