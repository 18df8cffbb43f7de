using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Gateway.Ingestion;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Api;

public sealed record StartIngestionRequest(string? Catalog, string? Root);

public static class IngestionsApi
{
    public static IEndpointRouteBuilder MapIngestionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/collections/{name}/ingest", Start).WithName("StartIngestion").WithTags("Ingestion")
            .Accepts<StartIngestionRequest>("application/json").Produces<IngestJobStatus>(StatusCodes.Status202Accepted).ProducesProblem(400).ProducesProblem(404);
        var group = routes.MapGroup("/ingestions").WithTags("Ingestion");
        group.MapGet("/", (IngestJobs jobs) => TypedResults.Ok(jobs.List())).WithName("ListIngestions");
        group.MapGet("/{id}", (string id, IngestJobs jobs) => jobs.Get(id) is { } status ? (IResult)TypedResults.Ok(status) : Missing(id)).WithName("GetIngestion");
        group.MapPost("/{id}/cancel", (string id, IngestJobs jobs) => jobs.Cancel(id) is { } status ? (IResult)TypedResults.Ok(status) : Missing(id)).WithName("CancelIngestion");
        return routes;
    }

    /// <summary>
    /// Starts ingesting a catalog (JSON Lines, the layout of the <c>ingest</c> verb) that lies under the data
    /// root, into a collection created with a model; answers at once (202) with the job's status.
    /// </summary>
    public static async Task<IResult> Start(string name, HttpRequest request, ClusterCatalog catalog, IngestJobs jobs, DataRoot dataRoot, IOptions<RequestLimits> limits, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<StartIngestionRequest>(request, limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        var (catalogPath, catalogError) = dataRoot.Resolve(body?.Catalog ?? "");
        if (catalogError is not null) return Problems.BadRequest(new FieldError("catalog", catalogError));
        var imageRoot = Path.GetDirectoryName(catalogPath)!;
        if (body!.Root is { Length: > 0 } root)
        {
            var (folder, rootError) = dataRoot.ResolveDirectory(root);
            if (rootError is not null) return Problems.BadRequest(new FieldError("root", rootError));
            imageRoot = folder!;
        }
        var spec = await catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        if (spec.Model is null) return Problems.BadRequest(new FieldError("name", $"collection '{name}' has no model to encode photos and titles with; create it with \"model\"."));
        var status = jobs.Start(spec, catalogPath!, imageRoot, dataRoot);
        return TypedResults.Accepted($"/ingestions/{status.Id}", status);
    }

    private static IResult Missing(string id) => Problems.NotFound("id", $"no ingestion job '{id}' runs in this gateway.");
}
