using System.Diagnostics;
using Microsoft.Extensions.Options;
using UmsOrleans.Cluster;
using UmsOrleans.Contracts;

namespace UmsOrleans.Gateway.Api;

public static class SearchApi
{
    public static IEndpointConventionBuilder MapSearchApi(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/collections/{name}/search", Search).WithName("Search").WithTags("Search")
            .Accepts<SearchRequest>("application/json").Produces<SearchResponse>().ProducesProblem(400).ProducesProblem(404);

    public static async Task<IResult> Search(string name, HttpRequest request, ClusterCatalog catalog, IOptions<RequestLimits> limits, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (Validation.CheckName(name, "name") is { } nameError) return Problems.BadRequest(nameError);
        var (body, bodyError) = await JsonBody.ReadAsync<SearchRequest>(request, limits.Value.MaxRequestBytes, cancellationToken);
        if (bodyError is not null) return bodyError;
        var spec = await catalog.GetCollectionAsync(name);
        if (spec is null) return CollectionsApi.CollectionMissing(name);
        var (query, error) = Validation.ToQuery(spec, body);
        if (error is not null) return Problems.BadRequest(error);
        try
        {
            var result = await catalog.SearchAsync(spec, query!, cancellationToken);
            return TypedResults.Ok(new SearchResponse(
                result.Hits.Select(h => new SearchHitResponse(h.Id, h.Score, h.Title, h.Category, h.Shard)).ToList(),
                result.Partial,
                result.MissingShards,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds));
        }
        catch (CollectionNotFoundException)
        {
            return CollectionsApi.CollectionMissing(name);
        }
    }
}
