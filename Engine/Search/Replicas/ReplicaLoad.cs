using System.Collections.Concurrent;

namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// The gateway's view of every replica it calls: calls in flight, a moving average of answer times and the last
/// failure, so each search asks the replica likely to answer first. One per process, thread-safe; plain class, so
/// the policy is tested without a cluster.
/// </summary>
public sealed class ReplicaLoad(TimeProvider time)
{
    /// <summary>How long a replica that failed goes after every healthy one (unless it answers a later call first).</summary>
    public static readonly TimeSpan FailurePenalty = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long an answer time counts: older, the replica's latency is unknown again and it is tried again, so a
    /// replica slow once (a GC pause, a warming cache) is not avoided for good.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(10);

    // Per layout (routing version): a shard number names another set of products, on other replicas, after a resharding.
    private readonly ConcurrentDictionary<(string Collection, int Layout, int Shard), ShardReplicas> _shards = new();

    /// <summary>
    /// Replicas 0 to <paramref name="replicas"/> - 1, best first: not failed lately, shortest expected wait (latency × calls
    /// in flight; one probe at a time for a replica not measured lately), then in turn, so equal replicas share the load.
    /// Called for every shard of every search. <paramref name="layout"/>: the collection's routing version.
    /// </summary>
    public IReadOnlyList<int> Order(string collection, int shard, int replicas, int layout = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replicas);
        var set = Shard(collection, layout, shard);
        var states = set.States(replicas);
        var first = set.NextTurn(replicas);
        var now = time.GetTimestamp();
        var ranks = new (int, int, int)[replicas];
        var order = new int[replicas];
        for (var replica = 0; replica < replicas; replica++)
        {
            ranks[replica] = states[replica].Rank(now, (replica - first + replicas) % replicas);
            order[replica] = replica;
        }
        Array.Sort(ranks, order);
        return order;
    }

    /// <summary>Counts a call to <paramref name="replica"/> as outstanding until the returned call is disposed.</summary>
    public ReplicaCall Begin(string collection, int shard, int replica, int layout = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(replica);
        return new ReplicaCall(Shard(collection, layout, shard).States(replica + 1)[replica]);
    }

    public IReadOnlyList<ReplicaLoadSnapshot> Snapshot() =>
        [.. _shards.Values.SelectMany(set => set.All).Select(state => state.Snapshot())
            .OrderBy(s => s.Collection, StringComparer.Ordinal).ThenBy(s => s.Shard).ThenBy(s => s.Replica)];

    /// <summary>Drops a deleted collection's replicas; calls still in flight end on their own.</summary>
    public void Forget(string collection)
    {
        foreach (var key in _shards.Keys)
        {
            if (key.Collection == collection) _shards.TryRemove(key, out _);
        }
    }

    private ShardReplicas Shard(string collection, int layout, int shard) =>
        _shards.GetOrAdd((collection, layout, shard), static (key, time) => new ShardReplicas(key.Collection, key.Shard, time), time);
}
