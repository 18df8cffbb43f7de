using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>Where a snapshot is restored: the cluster (so its shards hold the products), or a store in tests.</summary>
public interface ISnapshotRestoreTarget
{
    Task<CreateCollectionOutcome> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken);

    /// <summary>One result per product, in order.</summary>
    Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken);

    Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken);
}
