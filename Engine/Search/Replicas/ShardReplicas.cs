namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// The replicas of one shard in <see cref="ReplicaLoad"/>: one lookup per search finds them all, and the turn that
/// rotates equal replicas is per shard.
/// </summary>
internal sealed class ShardReplicas(string collection, int shard, TimeProvider time)
{
    private readonly Lock _grow = new();
    private volatile ReplicaState[] _states = [];
    private int _turn = -1;

    /// <summary>At least <paramref name="replicas"/> states; grown (never shrunk) when the replica count rises.</summary>
    public ReplicaState[] States(int replicas)
    {
        var states = _states;
        if (states.Length >= replicas) return states;
        lock (_grow)
        {
            states = _states;
            if (states.Length >= replicas) return states;
            var grown = new ReplicaState[replicas];
            states.CopyTo(grown, 0);
            for (var replica = states.Length; replica < replicas; replica++)
            {
                grown[replica] = new ReplicaState(collection, shard, replica, time);
            }
            _states = grown;
            return grown;
        }
    }

    public ReplicaState[] All => _states;

    /// <summary>0, 1, 2, … modulo <paramref name="replicas"/>: the replica that wins ties this time.</summary>
    public int NextTurn(int replicas) => (int)((uint)Interlocked.Increment(ref _turn) % (uint)replicas);
}
