using UmsOrleans.Engine.Search.Resharding;
using Wire = UmsOrleans.Contracts;

namespace UmsOrleans.Grains.Mapping;

public static class ReshardWireMapping
{
    public static Wire.ReshardStatus ToWire(this ReshardProgress p) => new(
        p.Collection, p.FromShards, p.ToShards, p.Phase.ToString().ToLowerInvariant(), p.StartedAt, p.Products, p.Backfilled, p.Replicas, p.ReplicasLoaded, p.SwitchedAt, p.FinishedAt, p.Error);

    public static ReshardProgress ToEngine(this Wire.ReshardStatus s) => new(
        s.Collection, s.FromShards, s.ToShards, Enum.Parse<ReshardPhase>(s.Phase, ignoreCase: true), s.StartedAt, s.Products, s.Backfilled, s.Replicas, s.ReplicasLoaded, s.SwitchedAt, s.FinishedAt, s.Error);
}
