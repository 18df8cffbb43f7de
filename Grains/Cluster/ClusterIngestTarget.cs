using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Grains.Cluster;

/// <summary>The cluster: hashes asked of each shard, products routed to their shards.</summary>
public sealed class ClusterIngestTarget(ClusterCatalog catalog, CollectionSpec collection) : IIngestTarget
{
    public CollectionSpec Collection => collection;

    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        catalog.GetContentHashesAsync(collection, ids);

    public Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken) =>
        catalog.UpsertAsync(collection, products);
}
