using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Placement;

/// <summary>
/// Asks the grain directory (through the management grain, which does not activate anything) where the other replicas of the shard are active and picks, at random, a compatible
/// silo that holds none of them (random spreads a collection's shards over the silos, as the shards' former random
/// placement did). With fewer silos than replicas two replicas must share one; that is logged, never refused.
/// A placement hint (a hand-off to a chosen silo) wins when it names a compatible silo. Placements made at the same moment on
/// two silos cannot see each other; each replica checks again once active (see <see cref="ReplicaSpread"/>).
/// </summary>
internal sealed partial class DistinctReplicaPlacementDirector(IGrainFactory grains, ILogger<DistinctReplicaPlacementDirector> logger) : IPlacementDirector
{
    public async Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hinted) return hinted;
        var address = ShardKey.Parse(target.GrainIdentity.Key.ToString()!);
        var directory = grains.GetGrain<IManagementGrain>(0);
        var siblings = await Task.WhenAll(Enumerable.Range(0, CollectionSpec.MaxReplicas)
            .Where(replica => replica != address.Replica)
            .Select(replica => directory.GetActivationAddress(grains.GetGrain<IGalleryShardGrain>((address with { Replica = replica }).ToString())).AsTask()));
        var occupied = siblings.OfType<SiloAddress>().ToHashSet();
        lock (_recent)
        {
            // Siblings placed from this silo a moment ago may not be in the directory yet.
            var now = Environment.TickCount64;
            _recent.RemoveAll(r => now - r.At > RecentMs);
            foreach (var recent in _recent) if (recent.Shard == address with { Replica = 0 } && recent.Replica != address.Replica) occupied.Add(recent.Silo);
            var free = compatible.Where(silo => !occupied.Contains(silo)).ToArray();
            var chosen = free.Length > 0 ? free[Random.Shared.Next(free.Length)] : compatible[Random.Shared.Next(compatible.Length)];
            if (free.Length == 0) LogSharedSilo(address.Collection, address.Shard, address.Replica, compatible.Length);
            _recent.Add((address with { Replica = 0 }, address.Replica, chosen, now));
            return chosen;
        }
    }

    private const long RecentMs = 10_000;

    private readonly List<(ShardAddress Shard, int Replica, SiloAddress Silo, long At)> _recent = [];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' shares a silo with another replica of it: only {Silos} silos can take it. Add silos to keep replicas apart.")]
    private partial void LogSharedSilo(string collection, int shard, int replica, int silos);
}
