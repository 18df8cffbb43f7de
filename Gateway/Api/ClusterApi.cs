using Microsoft.AspNetCore.Http.HttpResults;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>The cluster as a whole: rebalancing shard replicas over the silos.</summary>
public static class ClusterApi
{
    public static RouteGroupBuilder MapClusterApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/cluster").WithTags("Cluster");
        group.MapPost("/rebalance", StartRebalance).WithName("StartRebalance");
        group.MapGet("/rebalance", GetRebalance).WithName("GetRebalance").ProducesProblem(404);
        return group;
    }

    /// <summary>Starts moving replicas so memory per silo evens out (what a silo's joining starts by itself); 202 with the run's report so far.</summary>
    public static async Task<Accepted<RebalanceResponse>> StartRebalance(ClusterCatalog catalog) =>
        TypedResults.Accepted("/cluster/rebalance", Describe(await catalog.StartRebalanceAsync("asked for through the API"), collection: null));

    public static async Task<Results<Ok<RebalanceResponse>, ProblemHttpResult>> GetRebalance(ClusterCatalog catalog) =>
        await catalog.GetLastRebalanceAsync() is { } report
            ? TypedResults.Ok(Describe(report, collection: null))
            : Problems.NotFound("rebalance", "no rebalance ran since the rebalancer started (or it did not answer).");

    /// <summary>The report; with <paramref name="collection"/>, only that collection's moves.</summary>
    public static RebalanceResponse Describe(RebalanceReport report, string? collection) => new(
        report.Trigger,
        report.State.ToString().ToLowerInvariant(),
        report.StartedAt,
        report.FinishedAt,
        report.Moves.Count,
        report.MovesDone,
        [.. report.Before.Select(SiloLoadResponse.Of)],
        [.. report.After.Select(SiloLoadResponse.Of)],
        [.. report.Moves.Where(m => collection is null || m.Collection == collection).Select(m => new ReplicaMoveResponse(m.Collection, m.Shard, m.Replica, m.From, m.To, m.MemoryBytes))],
        report.Error);
}
