using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Routing;

namespace UmsOrleans.Tests.Content;

/// <summary>A real catalog store as the ingest target (what the shard grains write through to), without a cluster.</summary>
public sealed class StoreIngestTarget(ICatalogStore store, CollectionSpec collection) : IIngestTarget
{
    public CollectionSpec Collection => collection;

    public Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        store.GetContentHashesAsync(collection.Name, ids, cancellationToken);

    public async Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken)
    {
        foreach (var shard in products.GroupBy(p => ShardRouter.ShardOf(p.Id, collection.Shards)))
        {
            await store.UpsertProductsAsync(collection, shard.Key, [.. shard], cancellationToken);
        }
        return products.Select(p => new ItemWriteResult(p.Id, true, null)).ToList();
    }
}
