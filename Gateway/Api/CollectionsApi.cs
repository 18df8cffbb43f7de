using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Gateway.Api;

public static class CollectionsApi
{
    public static RouteGroupBuilder MapCollectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections").WithTags("Collections");
        group.MapGet("/", ListCollections).WithName("ListCollections");
        group.MapPut("/{name}", CreateCollection).WithName("CreateCollection").Accepts<CreateCollectionRequest>("application/json")
            .Produces<CollectionResponse>(StatusCodes.Status201Created).ProducesProblem(400).ProducesProblem(409);
        group.MapGet("/{name}", GetCollection).WithName("GetCollection").ProducesProblem(404);
        group.MapDelete("/{name}", DeleteCollection).WithName("DeleteCollection").ProducesProblem(404);
        return group;
    }

    /// <summary>
    /// Creates a collection from <c>{"shards": N, "spaces": {"image": 512}}</c> or <c>{"shards": N, "model": "default"}</c>
    /// (the spaces then come from the model's manifest, and its products' content is encoded with it).
    /// </summary>
    public static async Task<IResult> CreateCollection(string name, HttpRequest request, ClusterCatalog catalog, ClusterEncoders encoders, IOptions<RequestLimits> limits, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<CreateCollectionRequest>(request, limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        var (spec, error) = Validation.ToCollectionSpec(name, body, encoders.SpacesOf);
        if (error is not null) return Problems.BadRequest(error);
        var outcome = await catalog.CreateCollectionAsync(spec!);
        return outcome.Status switch
        {
            CreateCollectionStatus.Created => TypedResults.Created($"/collections/{name}", await Describe(catalog, outcome.Existing)),
            CreateCollectionStatus.AlreadyExists => TypedResults.Ok(await Describe(catalog, outcome.Existing)),
            _ => Problems.Conflict("name", $"collection '{name}' exists with other settings ({outcome.Existing.Shards} shards; {string.Join(", ", outcome.Existing.Spaces.Select(s => $"{s.Name}: {s.Dimension}"))}; model {outcome.Existing.Model ?? "none"}; quantization {outcome.Existing.EffectiveQuantization.Type.ToString().ToLowerInvariant()}). Delete it first to change them."),
        };
    }

    public static async Task<IResult> ListCollections(ClusterCatalog catalog)
    {
        var collections = await catalog.ListCollectionsAsync();
        return TypedResults.Ok(await Task.WhenAll(collections.Select(spec => Describe(catalog, spec))));
    }

    public static async Task<IResult> GetCollection(string name, ClusterCatalog catalog)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var spec = await catalog.GetCollectionAsync(name);
        return spec is null ? CollectionMissing(name) : TypedResults.Ok(await Describe(catalog, spec));
    }

    public static async Task<IResult> DeleteCollection(string name, ClusterCatalog catalog)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        return await catalog.DeleteCollectionAsync(name) ? TypedResults.NoContent() : CollectionMissing(name);
    }

    public static IResult CollectionMissing(string name) => Problems.NotFound("name", $"collection '{name}' does not exist.");

    private static async Task<CollectionResponse> Describe(ClusterCatalog catalog, CollectionSpec spec)
    {
        var stats = await catalog.GetShardStatsAsync(spec);
        return new CollectionResponse(
            spec.Name,
            spec.Shards,
            spec.Spaces.ToDictionary(s => s.Name, s => s.Dimension),
            spec.Model,
            stats.Sum(s => (long)s.Products),
            stats.Select(s => new ShardCountResponse(s.Shard, s.Products, s.VectorsPerSpace, s.MemoryBytes, s.Silo)).ToList(),
            spec.Quantization is { Type: QuantizationType.Int8 } q ? new QuantizationRequest("int8", q.Oversample) : null);
    }
}
