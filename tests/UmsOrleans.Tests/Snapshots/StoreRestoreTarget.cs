using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Snapshots;

namespace UmsOrleans.Tests.Snapshots;

/// <summary>A restore written straight to a catalog store (shard 0); fails every upsert after <paramref name="failAfterBatches"/>.</summary>
public sealed class StoreRestoreTarget(ICatalogStore store, int failAfterBatches = int.MaxValue) : ISnapshotRestoreTarget
{
    private int _batches;

    public int Creates { get; private set; }

    public async Task<CreateCollectionOutcome> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken)
    {
        Creates++;
        var (stored, created) = await store.CreateCollectionAsync(spec, cancellationToken);
        return new CreateCollectionOutcome(created ? CreateCollectionStatus.Created : CreateCollectionStatus.AlreadyExists, stored);
    }

    public async Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken)
    {
        if (++_batches > failAfterBatches) return [.. products.Select(p => new ItemWriteResult(p.Id, false, "shard 0 did not commit the write"))];
        await store.UpsertProductsAsync(spec, 0, products, cancellationToken);
        return [.. products.Select(p => new ItemWriteResult(p.Id, true, null))];
    }

    public Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken) => store.DeleteCollectionAsync(name, cancellationToken);
}
