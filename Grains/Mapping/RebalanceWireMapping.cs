using EngineSearch = UmsOrleans.Engine.Search;
using Wire = UmsOrleans.Contracts;

namespace UmsOrleans.Grains.Mapping;

/// <summary>A rebalance's report between the engine's records and the wire records the rebalance grain answers with.</summary>
public static class RebalanceWireMapping
{
    public static Wire.RebalanceReport ToWire(this EngineSearch.Rebalancing.RebalanceReport r) => new(
        r.Trigger, r.State.ToString().ToLowerInvariant(), r.StartedAt, r.FinishedAt,
        [.. r.Before.Select(ToWire)], [.. r.After.Select(ToWire)], [.. r.Moves.Select(ToWire)], r.MovesDone, r.Error);

    public static EngineSearch.Rebalancing.RebalanceReport ToEngine(this Wire.RebalanceReport r) => new(
        r.Trigger, Enum.Parse<EngineSearch.Rebalancing.RebalanceState>(r.State, ignoreCase: true), r.StartedAt, r.FinishedAt,
        [.. r.Before.Select(ToEngine)], [.. r.After.Select(ToEngine)], [.. r.Moves.Select(ToEngine)], r.MovesDone, r.Error);

    private static Wire.SiloLoad ToWire(EngineSearch.Replicas.SiloLoad s) => new(s.Silo, s.Replicas, s.Products, s.MemoryBytes);

    private static EngineSearch.Replicas.SiloLoad ToEngine(Wire.SiloLoad s) => new(s.Silo, s.Replicas, s.Products, s.MemoryBytes);

    private static Wire.ReplicaMove ToWire(EngineSearch.Rebalancing.ReplicaMove m) => new(m.Collection, m.Shard, m.Replica, m.From, m.To, m.MemoryBytes);

    private static EngineSearch.Rebalancing.ReplicaMove ToEngine(Wire.ReplicaMove m) => new(m.Collection, m.Shard, m.Replica, m.From, m.To, m.MemoryBytes);
}
