using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// When a silo is declared dead, the oldest surviving silo wakes every shard replica of every collection, so the replicas the
/// dead silo held are re-created on the survivors (on silos apart from their siblings) now, not on the next search that
/// happens to pick them, and logs how long after the death declaration the replica count was whole again. Then, and once
/// when the cluster starts, it wakes the collection grains of the reshardings the catalog store records as under way or as
/// switched with the old layout not dropped (the lost silo may have held one; a cluster stop interrupts them all): a collection
/// grain resumes its resharding (or the drop) on activation, and an active one that still runs it does nothing.
/// </summary>
internal sealed partial class ReplicaKeeper(
    IClusterMembershipService membership, ILocalSiloDetails local, IGrainFactory grains, ICatalogStore store, TimeProvider time, ILogger<ReplicaKeeper> logger) : BackgroundService
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
                var lost = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Dead && active.Contains(m.SiloAddress)).Select(m => m.SiloAddress).ToList();
                active = nowActive;
                var starting = !started && nowActive.Contains(local.SiloAddress);
                started |= starting;
                if ((lost.Count == 0 && !starting) || !OldestSilo.IsLocal(nowActive, local.SiloAddress)) continue;
                await WakeAsync(lost, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>After a loss: every replica, then the reshardings under way. At start-up (nothing lost): the reshardings only.</summary>
    private async Task WakeAsync(IReadOnlyList<SiloAddress> lost, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var collections = await store.ListCollectionsAsync(cancellationToken);
            if (lost.Count > 0) await WakeEveryReplicaAsync(collections, lost, clock, cancellationToken);
            foreach (var collection in collections.Where(c => c.ReshardTo is not null || c.OldLayoutShards is not null))
            {
                if (collection.ReshardTo is { } to) LogResuming(collection.Name, collection.Shards, to);
                await grains.GetGrain<ICollectionGrain>(collection.Name).GetResharding();
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogWakeFailed(exception, lost.Count == 0 ? "none (the cluster started)" : string.Join(", ", lost));
        }
    }

    private async Task WakeEveryReplicaAsync(IReadOnlyList<CollectionSpec> collections, IReadOnlyList<SiloAddress> lost, Stopwatch clock, CancellationToken cancellationToken)
    {
        var replicas = collections.SelectMany(ReplicaAddresses.OfEveryLayout).ToList();
        var failed = 0;
        await Parallel.ForEachAsync(replicas, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (address, token) =>
        {
            try
            {
                await grains.GetGrain<IGalleryShardGrain>(address.ToString()).WaitUntilLoadedAsync(time, token);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Interlocked.Increment(ref failed);
                LogReplicaNotWoken(exception, address.Collection, address.Shard, address.Replica);
            }
        });
        LogReplicasWhole(string.Join(", ", lost), replicas.Count - failed, replicas.Count, collections.Count, clock.ElapsedMilliseconds);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {Lost} was declared dead: {Answering} of {Replicas} shard replicas of {Collections} collections answer on the remaining silos, {ElapsedMs} ms after the declaration")]
    private partial void LogReplicasWhole(string lost, int answering, int replicas, int collections, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' did not come back after a silo was lost; the next call to it tries again")]
    private partial void LogReplicaNotWoken(Exception exception, string collection, int shard, int replica);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection '{Collection}' was being resharded from {From} to {To} shards; the resharding resumes")]
    private partial void LogResuming(string collection, int from, int to);

    [LoggerMessage(Level = LogLevel.Error, Message = "After silo {Lost} was declared dead or the cluster started, shard replicas and reshardings under way could not be woken now (the catalog store did not list the collections); the next call to each wakes it")]
    private partial void LogWakeFailed(Exception exception, string lost);
}
