using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Routing;

namespace UmsOrleans.Bench.Load;

/// <summary>Fills a new SQLite catalog before the silos start, so the shards load it in one pass instead of taking upserts one batch at a time.</summary>
internal static class StoreWriter
{
    /// <summary>Creates the collection in <c>{dataDirectory}/catalog.db</c> and writes every batch, each split by shard as the silos route it; the stored settings.</summary>
    public static async Task<CollectionSpec> WriteAsync(string dataDirectory, CollectionSpec spec, IEnumerable<IReadOnlyList<ProductRecord>> batches)
    {
        var store = new SqliteCatalogStore(Path.Combine(dataDirectory, "catalog.db"));
        await store.InitializeAsync();
        var (stored, _) = await store.CreateCollectionAsync(spec);
        foreach (var batch in batches)
        {
            foreach (var shard in batch.GroupBy(p => ShardRouter.ShardOf(p.Id, stored.Shards))) await store.UpsertProductsAsync(stored, shard.Key, [.. shard]);
        }
        return stored;
    }
}
