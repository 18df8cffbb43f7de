using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// Resumes the reshardings the catalog store records as under way: once the cluster has started, and whenever a silo is declared
/// dead (it may have held a collection grain that ran one), the oldest silo wakes those collections' grains, which resume on
/// activation (an active one that still runs its resharding does nothing).
/// </summary>
internal sealed partial class ReshardingResumer(
    IClusterMembershipService membership, ILocalSiloDetails local, IGrainFactory grains, ICatalogStore store, ILogger<ReshardingResumer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var active = new HashSet<SiloAddress>();
        var started = false;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var nowActive = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                var lost = snapshot.Members.Values.Any(m => m.Status == SiloStatus.Dead && active.Contains(m.SiloAddress));
                active = nowActive;
                if (!nowActive.Contains(local.SiloAddress) || (started && !lost)) continue;
                started = true;
                if (OldestSilo.IsLocal(nowActive, local.SiloAddress)) await WakeReshardingCollectionsAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task WakeReshardingCollectionsAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var collection in (await store.ListCollectionsAsync(cancellationToken)).Where(c => c.ReshardTo is not null))
            {
                LogResuming(collection.Name, collection.Shards, collection.ReshardTo!.Value);
                await grains.GetGrain<ICollectionGrain>(collection.Name).GetResharding();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogResumeFailed(exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection '{Collection}' was being resharded from {From} to {To} shards; the resharding resumes")]
    private partial void LogResuming(string collection, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reshardings under way could not be resumed now (the catalog store did not list the collections); the next call to each collection resumes it")]
    private partial void LogResumeFailed(Exception exception);
}
