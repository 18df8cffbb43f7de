using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Api;

/// <summary>A restore written through the cluster, so each shard commits and holds its products.</summary>
public sealed class ClusterRestoreTarget(ClusterCatalog catalog) : ISnapshotRestoreTarget
{
    public Task<CreateCollectionOutcome> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken) =>
        catalog.CreateCollectionAsync(spec, cancellationToken);

    public Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken) =>
        catalog.UpsertAsync(spec, products, cancellationToken);

    public Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken) =>
        catalog.DeleteCollectionAsync(name, cancellationToken);
}
