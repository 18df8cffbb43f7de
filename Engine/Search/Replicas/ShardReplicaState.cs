namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>One replica of one shard: what it holds and where (<see cref="Stats"/>), or why it did not answer (<see cref="Failure"/>).</summary>
public sealed record ShardReplicaState(int Shard, int Replica, ShardStats? Stats, string? Failure);
