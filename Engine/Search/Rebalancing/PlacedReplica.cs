namespace UmsOrleans.Engine.Search.Rebalancing;

/// <summary>A shard replica where it is active, and the products and memory it holds there.</summary>
public sealed record PlacedReplica(string Collection, int Shard, int Replica, string Silo, long Products, long MemoryBytes);
