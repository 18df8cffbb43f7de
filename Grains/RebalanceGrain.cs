using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin holder of the cluster's rebalance (<see cref="ClusterRebalance"/>): one run at a time, started in the background, its
/// report kept in memory. Never collected while its silo runs, so the last report stays readable (one small activation).
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class RebalanceGrain(IGrainFactory grains, ICatalogStore store, IOptions<ShardOptions> options, TimeProvider time, ILogger<RebalanceGrain> logger)
    : Grain, IRebalanceGrain
{
    private volatile RebalanceReport? _report;
    private Task? _run;

    public Task<Contracts.RebalanceReport> Start(string trigger)
    {
        if (_run is null || _run.IsCompleted)
        {
            _report = RebalanceReport.Starting(trigger, time.GetUtcNow());
            var rebalance = new ClusterRebalance(grains, store, options.Value, time, logger);
            // Not tied to this call: the run outlives it and reports each step here.
            _run = Task.Run(() => rebalance.RunAsync(trigger, report => _report = report, CancellationToken.None));
        }
        return Task.FromResult(_report!.ToWire());
    }

    public Task<Contracts.RebalanceReport?> Last() => Task.FromResult(_report?.ToWire());
}
