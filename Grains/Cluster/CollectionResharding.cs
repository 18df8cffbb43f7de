using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Cluster;

/// <summary>
/// One resharding of a collection, from the settings the catalog store recorded when it started (<see cref="CollectionSpec.ReshardTo"/>;
/// from then on every write records its product's shard in both layouts): the store backfills each older product's new shard,
/// the live layout's primaries forward their writes to the new layout, the new layout's replicas load, one store transaction switches the routing version, the old primaries stop taking writes, the new
/// settings are published, and the old layout is dropped once searches that started on it have ended (the store records it until
/// then). Every step may run again, so a resharding interrupted anywhere (a lost silo) resumes from the store's record. Before the switch a failure
/// gives the resharding up and the collection keeps its layout; after it, the new layout stands.
/// </summary>
internal sealed partial class CollectionResharding(IGrainFactory grains, ICatalogStore store, ShardOptions options, TimeProvider time, ILogger logger)
{
    private const int ParallelLoads = 4;

    /// <summary>Runs it, reporting each step; <paramref name="publish"/> makes settings the ones searches and writes route by.</summary>
    public async Task RunAsync(CollectionSpec started, Action<ReshardProgress> report, Func<CollectionSpec, Task> publish, CancellationToken cancellationToken)
    {
        var next = started.NextLayout ?? throw new ArgumentException($"collection '{started.Name}' is not being resharded.", nameof(started));
        var progress = new ReshardProgress(started.Name, started.Shards, next.Shards, ReshardPhase.Backfilling, time.GetUtcNow(), Replicas: next.Shards * next.Replicas);
        report(progress);
        LogStarted(started.Name, started.Shards, next.Shards, next.RoutingVersion);
        CollectionSpec live;
        try
        {
            progress = progress with { Products = await store.CountProductsAsync(started.Name, cancellationToken) };
            report(progress);
            // The store keeps the backfill's position, so a resumed resharding goes on from the last batch committed.
            for (var done = false; !done;)
            {
                var step = await store.BackfillNextLayoutAsync(started, options.ReshardBatch, cancellationToken);
                progress = progress with { Backfilled = step.AssignedSoFar, Products = Math.Max(progress.Products, step.AssignedSoFar) };
                report(progress);
                done = step.Done;
            }
            // Only now may the new layout's shards load (a load before would miss products not yet backfilled), and only now do
            // the primaries forward to them (a forward loads its target). A write each primary committed before it answers
            // FollowLayout is in the store with its new shard, so the loads below find it.
            var backfilled = await store.MarkBackfilledAsync(started, cancellationToken);
            progress = progress with { Phase = ReshardPhase.Forwarding };
            report(progress);
            await Task.WhenAll(Primaries(backfilled).Select(primary => primary.FollowLayout()));
            progress = progress with { Phase = ReshardPhase.Loading };
            report(progress);
            var loaded = 0;
            await Parallel.ForEachAsync(ReplicaAddresses.Of(next), new ParallelOptions { MaxDegreeOfParallelism = ParallelLoads, CancellationToken = cancellationToken }, async (address, token) =>
            {
                await Shard(address).WaitUntilLoadedAsync(time, token);
                report(progress = progress with { ReplicasLoaded = Interlocked.Increment(ref loaded) });
            });
            progress = progress with { Phase = ReshardPhase.Switching };
            report(progress);
            live = await store.SwitchLayoutAsync(started, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogGivenUp(exception, started.Name, started.Shards, next.Shards);
            await GiveUpAsync(started, next, publish);
            report(progress with { Phase = ReshardPhase.Failed, FinishedAt = time.GetUtcNow(), Error = exception.Message });
            return;
        }
        progress = progress with { SwitchedAt = time.GetUtcNow() };
        // The old primaries finish the writes in flight (and their forwards to the new layout) and refuse the next ones, before
        // any gateway can route a write to the new layout: a write of a product reaches one primary at a time.
        await Task.WhenAll(Primaries(started).Select(primary => TryAsync(primary.FollowLayout(), started.Name)));
        await publish(live);
        LogSwitched(started.Name, next.Shards, live.RoutingVersion, (progress.SwitchedAt.Value - progress.StartedAt).TotalSeconds);
        await DropOldLayoutAsync(live, progress, report, publish, cancellationToken);
    }

    /// <summary>
    /// Finishes a resharding whose switch the store records and whose old layout it has not dropped (<see cref="CollectionSpec.OldLayoutShards"/>):
    /// the collection grain that ran it was lost, or the cluster stopped, between the switch and the drop. The old layout's
    /// primaries need no word: the store refuses every write routed by the old layout.
    /// </summary>
    public Task ResumeDropAsync(CollectionSpec live, Action<ReshardProgress> report, Func<CollectionSpec, Task> publish, CancellationToken cancellationToken)
    {
        var old = live.OldLayout ?? throw new ArgumentException($"collection '{live.Name}' has no old layout to drop.", nameof(live));
        LogResumingDrop(live.Name, old.Shards, old.RoutingVersion);
        var now = time.GetUtcNow();
        return DropOldLayoutAsync(live, new ReshardProgress(live.Name, old.Shards, live.Shards, ReshardPhase.Dropping, now, SwitchedAt: now), report, publish, cancellationToken);
    }

    /// <summary>
    /// Waits for the searches that started on the old layout to end, drops its replicas, then has the store forget it. A failure
    /// leaves the store's record, so the drop runs again when the collection grain next activates or is asked for a change.
    /// </summary>
    private async Task DropOldLayoutAsync(CollectionSpec live, ReshardProgress progress, Action<ReshardProgress> report, Func<CollectionSpec, Task> publish, CancellationToken cancellationToken)
    {
        var old = live.OldLayout!;
        report(progress = progress with { Phase = ReshardPhase.Dropping });
        await Task.Delay(options.ReshardDropDelay, time, cancellationToken);
        await Task.WhenAll(ReplicaAddresses.Of(old).Select(address => TryAsync(Shard(address).Drop(), live.Name)));
        try
        {
            await publish(await store.ForgetOldLayoutAsync(live, cancellationToken));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDropNotRecorded(exception, live.Name);
            report(progress with { Phase = ReshardPhase.Done, FinishedAt = time.GetUtcNow(), Error = $"the old layout was dropped, but the catalog store could not record it ({exception.Message}); the drop runs again on the next change" });
            return;
        }
        report(progress with { Phase = ReshardPhase.Done, FinishedAt = time.GetUtcNow() });
    }

    /// <summary>Gives the resharding up: the store forgets it, the primaries stop forwarding, the new layout is dropped.</summary>
    private async Task GiveUpAsync(CollectionSpec started, CollectionSpec next, Func<CollectionSpec, Task> publish)
    {
        try
        {
            var kept = await store.CancelReshardingAsync(started);
            await Task.WhenAll(Primaries(started).Select(primary => TryAsync(primary.FollowLayout(), started.Name)));
            await publish(kept);
        }
        catch (Exception exception) when (exception is CollectionNotFoundException or Contracts.CollectionNotFoundException)
        {
        }
        await Task.WhenAll(ReplicaAddresses.Of(next).Select(address => TryAsync(Shard(address).Drop(), started.Name)));
    }

    /// <summary>A call whose failure is logged and otherwise ignored: the shard it could not reach (a lost silo) refuses by itself when it comes back.</summary>
    private async Task TryAsync(Task call, string collection)
    {
        try
        {
            await call;
        }
        catch (Exception exception)
        {
            LogStepFailed(exception.Message, collection);
        }
    }

    private IEnumerable<IGalleryShardGrain> Primaries(CollectionSpec spec) =>
        Enumerable.Range(0, spec.Shards).Select(shard => Shard(new ShardAddress(spec.Name, shard, 0, spec.RoutingVersion)));

    private IGalleryShardGrain Shard(ShardAddress address) => grains.GetGrain<IGalleryShardGrain>(address.ToString());

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection '{Collection}' is being resharded from {From} to {To} shards (layout {Layout}); searches stay on the current layout until the switch")]
    private partial void LogStarted(string collection, int from, int to, int layout);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection '{Collection}' now has {Shards} shards (layout {Layout}), {Seconds:0.0} s after the resharding started; the old layout is dropped shortly")]
    private partial void LogSwitched(string collection, int shards, int layout, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collection '{Collection}' was resharded, but its old layout ({Shards} shards, layout {Layout}) was not dropped (a silo was lost or the cluster stopped): dropping it now")]
    private partial void LogResumingDrop(string collection, int shards, int layout);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collection '{Collection}' dropped its old layout, but the catalog store could not record it; the drop runs again when the collection is next changed or its grain activates")]
    private partial void LogDropNotRecorded(Exception exception, string collection);

    [LoggerMessage(Level = LogLevel.Error, Message = "The resharding of collection '{Collection}' from {From} to {To} shards was given up; the collection keeps its {From} shards")]
    private partial void LogGivenUp(Exception exception, string collection, int from, int to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A shard of collection '{Collection}' did not answer a resharding step ({Reason}); it refuses by itself when it comes back")]
    private partial void LogStepFailed(string reason, string collection);
}
