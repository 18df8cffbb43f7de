namespace UmsOrleans.Engine.Search.Rebalancing;

/// <summary>One replica handed off from one silo to another, and the memory it takes along.</summary>
public sealed record ReplicaMove(string Collection, int Shard, int Replica, string From, string To, long MemoryBytes);
