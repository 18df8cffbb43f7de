using UmsOrleans.Engine.Catalog;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Cluster;

public static class ReplicaAddresses
{
    /// <summary>Every replica of every shard of <paramref name="spec"/>, shard by shard.</summary>
    public static IEnumerable<ShardAddress> Of(CollectionSpec spec) =>
        Enumerable.Range(0, spec.Shards).SelectMany(shard => Enumerable.Range(0, spec.Replicas).Select(replica => new ShardAddress(spec.Name, shard, replica)));
}
