using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Cluster;

/// <summary>
/// One rebalance of the cluster: where every shard replica is active and what it holds, the moves that even out memory per
/// silo (<see cref="RebalancePlanner"/>), then the hand-offs one at a time (warm: a standby loads on the new silo first), each
/// awaited until the replica answers from its new silo, so at most one replica is loading at any moment. Reports progress after
/// every step.
/// </summary>
internal sealed partial class ClusterRebalance(IGrainFactory grains, ICatalogStore store, ShardOptions options, TimeProvider time, ILogger logger)
{
    private static readonly TimeSpan StatsTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ArrivalPoll = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the rebalance <paramref name="starting"/> describes, reporting each step (the last report says how it ended).</summary>
    public async Task RunAsync(RebalanceReport starting, Action<RebalanceReport> report, CancellationToken cancellationToken)
    {
        var current = starting;
        var trigger = starting.Trigger;
        try
        {
            var silos = await ActiveSilosAsync();
            var before = await PlaceReplicasAsync(cancellationToken);
            var moves = RebalancePlanner.Plan(before, [.. silos.Keys], options.RebalanceTolerance);
            LogPlanned(trigger, moves.Count, silos.Count, before.Count);
            current = current with { Before = SiloLoads.Of(before, silos.Keys), Moves = moves };
            report(current);
            foreach (var move in moves)
            {
                if (!silos.TryGetValue(move.To, out var target)) throw new InvalidOperationException($"silo {move.To} left the cluster during the rebalance");
                await HandOffAsync(move, target, cancellationToken);
                current = current with { MovesDone = current.MovesDone + 1 };
                report(current);
            }
            var after = await PlaceReplicasAsync(cancellationToken);
            current = current with { State = RebalanceState.Done, FinishedAt = time.GetUtcNow(), After = SiloLoads.Of(after, (await ActiveSilosAsync()).Keys) };
            LogDone(moves.Count, (current.FinishedAt.Value - current.StartedAt).TotalSeconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(exception, current.MovesDone, current.Moves.Count);
            current = current with { State = RebalanceState.Failed, FinishedAt = time.GetUtcNow(), Error = exception.Message };
        }
        report(current);
    }

    private async Task<Dictionary<string, SiloAddress>> ActiveSilosAsync() =>
        (await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Keys.ToDictionary(s => s.ToString(), StringComparer.Ordinal);

    // Each collection's shard layout (routing version) when its replicas were placed.
    private readonly ConcurrentDictionary<string, int> _layouts = new(StringComparer.Ordinal);

    /// <summary>
    /// Every replica of every collection where it is active (asking activates it); a replica that does not answer stays where it is.
    /// A collection being resharded is left out: its next layout is loading, and its current one is dropped when that is done.
    /// </summary>
    private async Task<List<PlacedReplica>> PlaceReplicasAsync(CancellationToken cancellationToken)
    {
        var collections = (await store.ListCollectionsAsync(cancellationToken)).Where(c => c.ReshardTo is null).ToList();
        foreach (var collection in collections) _layouts[collection.Name] = collection.RoutingVersion;
        var addresses = collections.SelectMany(ReplicaAddresses.Of);
        var placed = new ConcurrentBag<PlacedReplica>();
        await Parallel.ForEachAsync(addresses, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (address, token) =>
        {
            try
            {
                var stats = await Replica(address).GetStats().WaitAsync(StatsTimeout, time, token);
                placed.Add(new PlacedReplica(address.Collection, address.Shard, address.Replica, stats.Silo, stats.Products, stats.MemoryBytes));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogReplicaUnplaced(exception.Message, address.Collection, address.Shard, address.Replica);
            }
        });
        return [.. placed];
    }

    private async Task HandOffAsync(ReplicaMove move, SiloAddress target, CancellationToken cancellationToken)
    {
        var address = new ShardAddress(move.Collection, move.Shard, move.Replica, _layouts.GetValueOrDefault(move.Collection));
        var replica = Replica(address);
        var start = time.GetTimestamp();
        if (!await WarmHandOffAsync(address, target, cancellationToken)) await replica.HandOff(target);
        while (true)
        {
            // The call that finds the replica migrating waits for the new activation, not for its load: Loaded() answers at once
            // while it loads, so writes its primary forwards meanwhile are not held behind this call.
            try
            {
                if (await replica.Loaded().WaitAsync(StatsTimeout, time, cancellationToken)
                    && (await replica.GetStats().WaitAsync(StatsTimeout, time, cancellationToken)).Silo == move.To) break;
            }
            catch (TimeoutException)
            {
            }
            if (time.GetElapsedTime(start) > options.RebalanceMoveTimeout)
            {
                throw new TimeoutException(
                    $"replica {move.Replica} of shard {move.Shard} of collection '{move.Collection}' did not answer from silo {move.To} within {options.RebalanceMoveTimeout.TotalSeconds:0} s ({ShardOptions.Section}:{nameof(ShardOptions.RebalanceMoveTimeout)})");
            }
            await Task.Delay(ArrivalPoll, time, cancellationToken);
        }
        LogMoved(move.Collection, move.Shard, move.Replica, move.From, move.To, move.MemoryBytes / (1024.0 * 1024.0), time.GetElapsedTime(start).TotalMilliseconds);
    }

    /// <summary>
    /// The replica's standby loads on the target while the primary forwards every write to it, then takes over from it (see
    /// <c>GalleryShardGrain.HandOff</c>): the shard answers all along, also with one replica. False when any step failed: the
    /// standby is dropped and the move falls back to a plain migration, whose new activation loads from the store.
    /// </summary>
    private async Task<bool> WarmHandOffAsync(ShardAddress address, SiloAddress target, CancellationToken cancellationToken)
    {
        var primary = Replica(address with { Replica = 0 });
        try
        {
            await primary.PrepareHandOff(address.Replica, target);
            await Replica(address.Standby).WaitUntilLoadedAsync(time, cancellationToken).WaitAsync(options.RebalanceMoveTimeout, time, cancellationToken);
            await primary.CompleteHandOff(address.Replica, target);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogColdHandOff(exception.Message, address.Collection, address.Shard, address.Replica);
            try
            {
                await primary.CancelHandOff(address.Replica);
            }
            catch (Exception cancelFailure)
            {
                LogColdHandOff(cancelFailure.Message, address.Collection, address.Shard, address.Replica);
            }
            return false;
        }
    }

    private IGalleryShardGrain Replica(ShardAddress address) => grains.GetGrain<IGalleryShardGrain>(address.ToString());

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' could not be handed off warm ({Reason}); it moves by a plain migration and loads from the store there")]
    private partial void LogColdHandOff(string reason, string collection, int shard, int replica);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalance ({Trigger}): {Moves} replica moves planned over {Silos} silos holding {Replicas} replicas")]
    private partial void LogPlanned(string trigger, int moves, int silos, int replicas);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' moved from silo {From} to {To} ({MiB:0.0} MiB) and answered there after {ElapsedMs:0} ms")]
    private partial void LogMoved(string collection, int shard, int replica, string from, string to, double miB, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalance done: {Moves} replicas moved in {Seconds:0.0} s")]
    private partial void LogDone(int moves, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' did not say where it is ({Reason}); the rebalance leaves it where it is")]
    private partial void LogReplicaUnplaced(string reason, string collection, int shard, int replica);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rebalance stopped after {Done} of {Planned} moves; the replicas moved so far stay where they are")]
    private partial void LogFailed(Exception exception, int done, int planned);
}
