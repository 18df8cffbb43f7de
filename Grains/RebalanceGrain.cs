using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin holder of the cluster's rebalance (<see cref="ClusterRebalance"/>): one run at a time, started in the background (a
/// start asked for during a run makes one more run after it), its report kept in memory. Never collected while its silo
/// runs, so the last report stays readable (one small activation).
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed class RebalanceGrain(IGrainFactory grains, ICatalogStore store, IOptions<ShardOptions> options, TimeProvider time, ILogger<RebalanceGrain> logger)
    : Grain, IRebalanceGrain
{
    private volatile RebalanceReport? _report;
    private Task? _run;
    private string? _pending;

    public Task<Contracts.RebalanceReport> Start(string trigger)
    {
        if (_run is { IsCompleted: false })
        {
            // The cluster changed while a run plans or moves: run again once it ends (the latest reason wins).
            _pending = trigger;
        }
        else
        {
            Run(trigger);
        }
        return Task.FromResult(_report!.ToWire());
    }

    private void Run(string trigger)
    {
        var starting = RebalanceReport.Starting(trigger, time.GetUtcNow());
        _report = starting;
        var rebalance = new ClusterRebalance(grains, store, options.Value, time, logger);
        // Not tied to a call: the run outlives it and reports each step here; the follow-up runs on this activation.
        _run = Task.Run(() => rebalance.RunAsync(starting, report => _report = report, CancellationToken.None));
        _ = _run.ContinueWith(_ =>
        {
            if (_pending is not { } next) return;
            _pending = null;
            Run(next);
        }, TaskScheduler.Current);
    }

    public Task<Contracts.RebalanceReport?> Last() => Task.FromResult(_report?.ToWire());
}
