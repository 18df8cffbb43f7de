using UmsOrleans.Engine.Catalog;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Cluster;

public static class ReplicaAddresses
{
    /// <summary>Every replica of every shard of <paramref name="spec"/>'s layout, shard by shard.</summary>
    public static IEnumerable<ShardAddress> Of(CollectionSpec spec) =>
        Enumerable.Range(0, spec.Shards).SelectMany(shard => Enumerable.Range(0, spec.Replicas).Select(replica => new ShardAddress(spec.Name, shard, replica, spec.RoutingVersion)));

    /// <summary>Every replica of every shard of <paramref name="spec"/>'s layout and, while a resharding runs and its backfill is complete, of the layout it builds.</summary>
    public static IEnumerable<ShardAddress> OfEveryLayout(CollectionSpec spec) =>
        spec.LoadableNextLayout is { } next ? Of(spec).Concat(Of(next)) : Of(spec);
}
