using UmsOrleans.Cluster;
using UmsOrleans.Contracts;

namespace UmsOrleans.Ingestion;

/// <summary>Where an ingest run writes: a collection's stored content hashes and its upserts.</summary>
public interface IIngestTarget
{
    CollectionSpec Collection { get; }

    Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>One result per product, in order.</summary>
    Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken);
}

/// <summary>The cluster: hashes asked of each shard, products routed to their shards.</summary>
public sealed class ClusterIngestTarget(ClusterCatalog catalog, CollectionSpec collection) : IIngestTarget
{
    public CollectionSpec Collection => collection;

    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        catalog.GetContentHashesAsync(collection, ids);

    public Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken) =>
        catalog.UpsertAsync(collection, products);
}
