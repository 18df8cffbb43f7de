using Microsoft.Extensions.Diagnostics.HealthChecks;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Hosting;

/// <summary>
/// Healthy only when a grain call reaches a silo, that silo reads the catalog store, and every shard of every
/// collection holds its partition: a shard that cannot load within the memory budget is named, with the setting.
/// </summary>
public sealed class ClusterHealthCheck(IGrainFactory grains, ClusterCatalog catalog) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        int silos;
        IReadOnlyList<string> unloadable;
        try
        {
            silos = (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(Timeout, cancellationToken)).Count;
            // Listing the collections reaches a silo that reads the catalog store: that is the store's probe.
            unloadable = await UnloadableShardsAsync().WaitAsync(Timeout, cancellationToken);
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("the cluster or its catalog store does not answer", exception);
        }
        var data = new Dictionary<string, object> { ["activeSilos"] = silos };
        if (unloadable.Count == 0) return HealthCheckResult.Healthy($"{silos} active silo(s); the catalog store answers; every shard is loaded", data);
        data["setting"] = MemoryBudgetExceededException.SettingName;
        data["unloadableShards"] = unloadable;
        return HealthCheckResult.Unhealthy(
            $"{unloadable.Count} shard(s) cannot load within the memory budget ({MemoryBudgetExceededException.SettingName}): {string.Join("; ", unloadable)}", data: data);
    }

    private async Task<IReadOnlyList<string>> UnloadableShardsAsync()
    {
        var collections = await catalog.ListCollectionsAsync();
        var perCollection = await Task.WhenAll(collections.Select(async spec =>
            (await catalog.FindShardsOverBudgetAsync(spec)).Select(s => $"shard {s.Shard} of collection '{spec.Name}': {s.Reason}")));
        return [.. perCollection.SelectMany(s => s)];
    }
}
