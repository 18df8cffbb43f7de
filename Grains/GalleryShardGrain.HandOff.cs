using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains;

/// <summary>
/// Warm hand-off of a replica to another silo (a rebalance move): the replica's standby loads on the target while the primary
/// forwards every write to it; then, in one primary turn (no write between), the standby leaves its partition on its silo
/// (<see cref="Hosting.HandedOverPartitions"/>, under a fresh hand-off id) and the replica is told to migrate there with that id,
/// which the migration carries (<see cref="IGrainMigrationParticipant"/>); its new activation starts from that partition instead of
/// reading the store, so the shard answers all along. The replica applies no write between the two: the primary sends none
/// during its turn, and Orleans starts no request on an activation once its migration began (every later one goes to the new
/// activation). A move without the id (a plain or failed hand-off) never takes a partition, and loads from the store.
/// </summary>
public sealed partial class GalleryShardGrain : IGrainMigrationParticipant
{
    private const string HandOverKey = "ums.hand-off";

    // On a primary: the standbys it forwards writes to, with when each hand-off was prepared.
    private readonly Dictionary<int, long> _standbys = [];

    // On a replica migrating after its standby handed over: that hand-off; on the new activation: the hand-off the migration carried.
    private Guid _leavingFor;
    private Guid _arrivedFrom;

    // On a standby: its partition was handed over (it takes no more writes and is deactivating).
    private bool _handedOver;

    /// <summary>How many times this activation started from a handed-over partition instead of the store (for tests and logs).</summary>
    internal int Adoptions { get; private set; }

    private ShardAddress Address => new(_collection, _shard, _replica, _layout);

    private bool IsStandby => Address.IsStandby;

    /// <summary>The replica number of <paramref name="replica"/>'s standby.</summary>
    private int StandbyOf(int replica) => (Address with { Replica = replica }).Standby.Replica;

    /// <summary>How long a hand-off may take from its preparation: past it the primary stops forwarding and the standby drops itself.</summary>
    private TimeSpan StandbyLifetime => options.Value.RebalanceMoveTimeout * 2;

    public async Task PrepareHandOff(int replica, SiloAddress target)
    {
        RequirePrimary();
        await PartitionAsync();
        if (replica < 0 || replica >= _replicas) throw new ArgumentOutOfRangeException(nameof(replica), replica, $"shard {_shard} of collection '{_collection}' has {_replicas} replicas.");
        var standby = StandbyOf(replica);
        var again = _standbys.ContainsKey(standby);
        // From this turn on every write is forwarded to the standby; its load reads the store after that, so it misses none.
        _standbys[standby] = time.GetTimestamp();
        RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
        try
        {
            // A standby prepared before may have missed writes while it was not forwarded to: it reads the store again.
            if (again) await Replica(standby).Resync();
            else await Replica(standby).Loaded();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
        LogHandOffPrepared(_collection, _shard, replica, target.ToString());
    }

    public async Task CompleteHandOff(int replica, SiloAddress target)
    {
        RequirePrimary();
        var standby = StandbyOf(replica);
        if (!_standbys.Remove(standby))
        {
            throw new InvalidOperationException(
                $"the standby of replica {replica} of shard {_shard} of collection '{_collection}' is no longer kept current (it missed a write or took too long); the warm hand-off was given up.");
        }
        var handOver = Guid.NewGuid();
        await Replica(standby).HandOver(handOver);
        if (replica == 0)
        {
            _leavingFor = handOver;
            MoveTo(target);
        }
        else
        {
            await Replica(replica).HandOff(target, handOver);
        }
    }

    public async Task CancelHandOff(int replica)
    {
        RequirePrimary();
        var standby = StandbyOf(replica);
        if (_standbys.Remove(standby)) await Replica(standby).Drop();
    }

    public async Task HandOver(Guid handOver)
    {
        if (!IsStandby) throw new InvalidOperationException($"replica {_replica} of shard {_shard} of collection '{_collection}' is not a standby.");
        var partition = await PartitionAsync();
        handedOver.Offer(Address.StoodFor.ToString(), handOver, partition.Index, partition.Spec.Generation);
        _load = null; // the index belongs to the replica that takes it now: not released here
        _handedOver = true;
        DeactivateOnIdle();
    }

    /// <summary>On a standby: drops itself when no hand-off completed in its lifetime (the rebalance that prepared it stopped).</summary>
    private Task DropIfNotHandedOverAsync(CancellationToken cancellationToken)
    {
        if (_handedOver) return Task.CompletedTask;
        LogStandbyExpired(_collection, _shard, Address.StoodFor.Replica);
        return Drop();
    }

    /// <summary>
    /// Has every standby apply a write this primary committed, as the other replicas do (<see cref="ReplicaApplication"/>: a standby
    /// that fails or is late reloads from the store, which holds the write). One that does neither, or outlived its hand-off, is
    /// dropped and its hand-off given up, never the write.
    /// </summary>
    private async Task ForwardToStandbysAsync(Func<IGalleryShardGrain, CancellationToken, Task> apply)
    {
        foreach (var (standby, prepared) in _standbys.Where(s => time.GetElapsedTime(s.Value) > StandbyLifetime).ToList())
        {
            DropStandby(standby, $"its hand-off was prepared more than {StandbyLifetime.TotalMinutes:0} min ago");
        }
        if (_standbys.Count == 0) return;
        var behind = await ReplicaApplication.ApplyEverywhereAsync(
            _standbys.Keys.ToList(), (standby, token) => apply(Replica(standby), token), (standby, _) => Replica(standby).Resync(),
            options.Value.ReplicaApplyTimeout, time, CancellationToken.None);
        foreach (var standby in behind) DropStandby(standby.Replica, standby.Reason);
    }

    private void DropStandby(int standby, string reason)
    {
        _standbys.Remove(standby);
        LogStandbyDropped(reason, _collection, _shard, (Address with { Replica = standby }).StoodFor.Replica);
        _ = Replica(standby).Drop();
    }

    /// <summary>
    /// The partition its standby handed over on this silo for the hand-off this activation's migration carried; null when there is
    /// none for it and this collection's generation (a plain move, or a hand-off that failed: a partition left for another is released).
    /// </summary>
    private ShardIndex? TakeHandedOver(CollectionSpec spec)
    {
        var handOver = _arrivedFrom;
        _arrivedFrom = Guid.Empty;
        if (IsStandby || handedOver.Take(this.GetPrimaryKeyString(), handOver, spec.Generation) is not { } index) return null;
        LogAdopted(_collection, _shard, _replica, index.Count);
        Adoptions++;
        return index;
    }

    void IGrainMigrationParticipant.OnDehydrate(IDehydrationContext dehydrationContext)
    {
        if (_leavingFor != Guid.Empty) dehydrationContext.TryAddValue(HandOverKey, _leavingFor);
    }

    void IGrainMigrationParticipant.OnRehydrate(IRehydrationContext rehydrationContext)
    {
        if (rehydrationContext.TryGetValue(HandOverKey, out Guid handOver)) _arrivedFrom = handOver;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}': its standby loads on silo {Target} and takes every write from now on")]
    private partial void LogHandOffPrepared(string collection, int shard, int replica, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' started from the partition its standby handed over ({Products} products), not from the store")]
    private partial void LogAdopted(string collection, int shard, int replica, int products);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The standby of replica {Replica} of shard {Shard} of collection '{Collection}' was dropped ({Reason}); the replica's move falls back to loading from the store")]
    private partial void LogStandbyDropped(string reason, string collection, int shard, int replica);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The standby of replica {Replica} of shard {Shard} of collection '{Collection}' was never handed over; it drops itself")]
    private partial void LogStandbyExpired(string collection, int shard, int replica);
}
