using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Engine.Search.Replicas;

namespace UmsOrleans.Gateway.Api;

public static class CollectionsApi
{
    public static RouteGroupBuilder MapCollectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/collections").WithTags("Collections");
        group.MapGet("/", ListCollections).WithName("ListCollections");
        group.MapPut("/{name}", CreateCollection).WithName("CreateCollection").Accepts<CreateCollectionRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(413);
        group.MapGet("/{name}", GetCollection).WithName("GetCollection").ProducesProblem(400).ProducesProblem(404);
        group.MapPatch("/{name}", UpdateCollection).WithName("UpdateCollection").Accepts<UpdateCollectionRequest>("application/json")
            .ProducesProblem(400).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413);
        group.MapDelete("/{name}", DeleteCollection).WithName("DeleteCollection").ProducesProblem(400).ProducesProblem(404);
        return group;
    }

    /// <summary>
    /// Creates a collection from <c>{"shards": N, "spaces": {"image": 512}}</c> or <c>{"shards": N, "model": "default"}</c>
    /// (the spaces then come from the model's manifest, and its products' content is encoded with it).
    /// </summary>
    public static async Task<Results<Created<CollectionResponse>, Ok<CollectionResponse>, ProblemHttpResult>> CreateCollection(
        string name, HttpRequest request, [AsParameters] CollectionServices services, CancellationToken cancellationToken)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<CreateCollectionRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        var (spec, error) = Validation.ToCollectionSpec(name, body, services.Manifests.ResolveRequested);
        if (error is not null) return Problems.BadRequest(error);
        var outcome = await services.Catalog.CreateCollectionAsync(spec!, cancellationToken);
        return outcome.Status switch
        {
            CreateCollectionStatus.Created => TypedResults.Created($"/collections/{name}", await Describe(services, outcome.Existing, cancellationToken)),
            CreateCollectionStatus.AlreadyExists => TypedResults.Ok(await Describe(services, outcome.Existing, cancellationToken)),
            _ => Problems.Conflict("name", $"collection '{name}' exists with other settings ({outcome.Existing.Shards} shards; {string.Join(", ", outcome.Existing.Spaces.Select(s => $"{s.Name}: {s.Dimension}"))}; model {outcome.Existing.Model ?? "none"}; quantization {outcome.Existing.EffectiveQuantization.Type.ToString().ToLowerInvariant()}; index {outcome.Existing.EffectiveIndex.Type.ToString().ToLowerInvariant()}). Delete it first to change them."),
        };
    }

    public static async Task<Ok<CollectionResponse[]>> ListCollections([AsParameters] CollectionServices services, CancellationToken cancellationToken)
    {
        var collections = await services.Catalog.ListCollectionsAsync();
        var rebalance = await services.Catalog.GetLastRebalanceAsync();
        return TypedResults.Ok(await Task.WhenAll(collections.Select(spec => Describe(services, spec, rebalance, cancellationToken))));
    }

    public static async Task<Results<Ok<CollectionResponse>, ProblemHttpResult>> GetCollection(
        string name, [AsParameters] CollectionServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var spec = await services.Catalog.GetCollectionAsync(name);
        return spec is null ? CollectionMissing(name) : TypedResults.Ok(await Describe(services, spec, cancellationToken));
    }

    /// <summary>
    /// Changes what may change after creation, one setting per request. <c>{"replicas": R}</c> (1 to 8): answers once every shard
    /// has R replicas loaded (on distinct silos while there are enough) and every primary forwards writes to them.
    /// <c>{"shards": N}</c>: starts a resharding in the background and answers 202 with its progress (in <c>resharding</c>, also in
    /// <c>GET /collections/{name}</c>); searches answer completely throughout, writes go to both layouts until the switch.
    /// </summary>
    public static async Task<Results<Ok<CollectionResponse>, Accepted<CollectionResponse>, ProblemHttpResult>> UpdateCollection(
        string name, HttpRequest request, [AsParameters] CollectionServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<UpdateCollectionRequest>(request, services.Limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        if (body is { Replicas: not null, Shards: not null }) return Problems.BadRequest(new FieldError("shards", "change one setting per request: {\"replicas\": R} or {\"shards\": N}."));
        if (body?.Shards is { } shards) return await ReshardAsync(name, shards, services, cancellationToken);
        if (body?.Replicas is not { } replicas) return Problems.BadRequest(new FieldError("replicas", "give the setting to change: {\"replicas\": R} or {\"shards\": N}."));
        if (Validation.CheckReplicas(replicas) is { } replicasError) return Problems.BadRequest(replicasError);
        try
        {
            var updated = await services.Catalog.SetReplicasAsync(name, replicas);
            return TypedResults.Ok(await Describe(services, updated, cancellationToken));
        }
        catch (CollectionNotFoundException)
        {
            return CollectionMissing(name);
        }
        catch (InvalidOperationException exception)
        {
            return Problems.Conflict("replicas", exception.Message);
        }
    }

    private static async Task<Results<Ok<CollectionResponse>, Accepted<CollectionResponse>, ProblemHttpResult>> ReshardAsync(
        string name, int shards, CollectionServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckShards(shards) is { } shardsError) return Problems.BadRequest(shardsError);
        try
        {
            var progress = await services.Catalog.ReshardAsync(name, shards);
            var spec = await services.Catalog.GetCollectionAsync(name);
            if (spec is null) return CollectionMissing(name);
            var described = await Describe(services, spec, cancellationToken);
            return progress is { Running: true } ? TypedResults.Accepted($"/collections/{name}", described) : TypedResults.Ok(described);
        }
        catch (CollectionNotFoundException)
        {
            return CollectionMissing(name);
        }
        catch (InvalidOperationException exception)
        {
            return Problems.Conflict("shards", exception.Message);
        }
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteCollection(
        string name, [AsParameters] CollectionServices services, CancellationToken cancellationToken)
    {
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        return await services.Catalog.DeleteCollectionAsync(name, cancellationToken) ? TypedResults.NoContent() : CollectionMissing(name);
    }

    public static ProblemHttpResult CollectionMissing(string name) => Problems.NotFound("name", $"collection '{name}' does not exist.");

    private static async Task<CollectionResponse> Describe(CollectionServices services, CollectionSpec spec, CancellationToken cancellationToken) =>
        await Describe(services, spec, await services.Catalog.GetLastRebalanceAsync(), cancellationToken);

    /// <summary>The collection as the API shows it, with the cluster's last rebalance (read once by a caller describing several).</summary>
    private static async Task<CollectionResponse> Describe(CollectionServices services, CollectionSpec spec, RebalanceReport? rebalance, CancellationToken cancellationToken)
    {
        var stats = await services.Catalog.GetShardStatsAsync(spec, cancellationToken);
        var replicas = await services.Catalog.GetReplicaStatesAsync(spec, cancellationToken);
        return new CollectionResponse(
            spec.Name,
            spec.Shards,
            spec.Spaces.ToDictionary(s => s.Name, s => s.Dimension),
            spec.Model,
            stats.Sum(s => (long)s.Products),
            stats.Select(s => new ShardCountResponse(s.Shard, s.Products, s.VectorsPerSpace, s.MemoryBytes, s.Silo, s.ProductsPerSpace ?? s.VectorsPerSpace)).ToList(),
            spec.Quantization is { Type: QuantizationType.Int8 } q ? new QuantizationRequest("int8", q.Oversample) : null,
            spec.SceneText,
            spec.ActiveAdapter,
            AdapterActivationApi.AlignedTextSearchesImage(spec, services.Manifests),
            spec.Index is { Type: AnnIndexType.Hnsw } i ? new IndexRequest("hnsw", i.M, i.EfConstruction, i.Ef, i.Precision.Name()) : null,
            spec.Replicas,
            [.. replicas.Select(r => new ReplicaResponse(r.Shard, r.Replica, r.Stats?.Silo, r.Stats?.Products, r.Stats?.MemoryBytes, r.Failure))],
            [.. SiloLoads.Of(replicas).Select(SiloLoadResponse.Of)],
            rebalance is null ? null : ClusterApi.Describe(rebalance, spec.Name),
            await services.Catalog.GetReshardingAsync(spec.Name) is { } resharding ? ReshardResponse.Of(resharding) : null);
    }
}
