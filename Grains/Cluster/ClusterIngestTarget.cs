using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Grains.Cluster;

/// <summary>The cluster: hashes asked of each shard, products routed to their shards.</summary>
public sealed class ClusterIngestTarget(ClusterCatalog catalog, CollectionSpec collection) : IIngestTarget
{
    public CollectionSpec Collection => collection;

    // The shards' hash lookup takes no token: a cancelled run stops waiting for it rather than stopping it.
    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        catalog.GetContentHashesAsync(collection, ids).WaitAsync(cancellationToken);

    public Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken) =>
        catalog.UpsertAsync(collection, products, cancellationToken);
}
