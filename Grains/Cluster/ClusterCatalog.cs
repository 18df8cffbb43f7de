using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Contracts;
using UmsOrleans.Routing;
using UmsOrleans.Search;

namespace UmsOrleans.Cluster;

/// <summary>
/// The cluster as the gateway and evaluation runs see it: collections, routed writes, and queries fanned
/// out over every shard and merged. Live search and evaluation runs share this one path.
/// </summary>
public sealed partial class ClusterCatalog(IGrainFactory grains, TimeProvider time, IOptions<SearchOptions> options, ILogger<ClusterCatalog> logger)
{
    private readonly SearchOptions _options = options.Value;

    public Task<CreateCollectionOutcome> CreateCollectionAsync(CollectionSpec spec) =>
        grains.GetGrain<ICollectionGrain>(spec.Name).Create(spec);

    public Task<CollectionSpec?> GetCollectionAsync(string name) => grains.GetGrain<ICollectionGrain>(name).Get();

    public async Task<IReadOnlyList<CollectionSpec>> ListCollectionsAsync() =>
        await grains.GetGrain<ICatalogProbeGrain>(0).ListCollections();

    public Task<bool> DeleteCollectionAsync(string name) => grains.GetGrain<ICollectionGrain>(name).Delete();

    public async Task<IReadOnlyList<ShardStats>> GetShardStatsAsync(CollectionSpec spec) =>
        await Task.WhenAll(Enumerable.Range(0, spec.Shards).Select(shard => Shard(spec, shard).GetStats()));

    public Task<ProductRecord?> GetProductAsync(CollectionSpec spec, string id) =>
        Shard(spec, ShardRouter.ShardOf(id, spec.Shards)).Get(id);

    public Task<byte[]?> GetThumbnailAsync(CollectionSpec spec, string id) =>
        Shard(spec, ShardRouter.ShardOf(id, spec.Shards)).GetThumbnail(id);

    /// <summary>The stored content hash of each of <paramref name="ids"/> that has one, asked of each shard once.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(CollectionSpec spec, IReadOnlyCollection<string> ids)
    {
        var perShard = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal)
            .GroupBy(id => ShardRouter.ShardOf(id, spec.Shards))
            .Select(group => Shard(spec, group.Key).GetContentHashes([.. group])));
        return perShard.SelectMany(h => h).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    public Task<bool> DeleteProductAsync(CollectionSpec spec, string id) =>
        Shard(spec, ShardRouter.ShardOf(id, spec.Shards)).Delete(id);

    /// <summary>
    /// Routes each product to its shard and writes the shards in parallel, in chunks. A product is reported
    /// committed only when its shard acknowledged the chunk holding it (after the catalog store committed).
    /// When the same id appears twice, the later one wins.
    /// </summary>
    public async Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products)
    {
        var latest = new Dictionary<string, ProductRecord>(StringComparer.Ordinal);
        foreach (var product in products) latest[product.Id] = product;
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var overBudget = new HashSet<string>(StringComparer.Ordinal);
        var byShard = latest.Values.GroupBy(p => ShardRouter.ShardOf(p.Id, spec.Shards));
        await Task.WhenAll(byShard.Select(async group =>
        {
            foreach (var chunk in WireChunker.Chunk(group, p => p.ApproximateWireBytes(), _options.MaxChunkBytes))
            {
                try
                {
                    await Shard(spec, group.Key).Upsert([.. chunk]);
                }
                catch (Exception exception) when (exception is not CollectionNotFoundException)
                {
                    LogShardWriteFailed(exception, spec.Name, group.Key, chunk.Count);
                    lock (errors)
                    {
                        foreach (var product in chunk)
                        {
                            errors[product.Id] = $"shard {group.Key} did not commit the write: {exception.Message}";
                            if (exception is MemoryBudgetExceededException) overBudget.Add(product.Id);
                        }
                    }
                }
            }
        }));
        return products.Select(p => new ItemWriteResult(p.Id, !errors.ContainsKey(p.Id), errors.GetValueOrDefault(p.Id), overBudget.Contains(p.Id))).ToList();
    }

    public async Task<FanOutResult> SearchAsync(CollectionSpec spec, ShardQuery query, CancellationToken cancellationToken = default) =>
        (await SearchBatchAsync(spec, [query], cancellationToken))[0];

    /// <summary>Several queries in one call per shard, so each shard scores them in one pass over its memory.</summary>
    public async Task<IReadOnlyList<FanOutResult>> SearchBatchAsync(CollectionSpec spec, IReadOnlyList<ShardQuery> queries, CancellationToken cancellationToken = default)
    {
        var results = new List<FanOutResult>(queries.Count);
        foreach (var chunk in WireChunker.Chunk(queries, q => q.Vectors.Sum(v => v.Data.Length) + 64, _options.MaxChunkBytes))
        {
            var batch = chunk.ToImmutableArray();
            var (merged, failures) = await ShardFanOut.SearchAsync(
                spec.Shards,
                batch.Select(q => q.K).ToList(),
                async (shard, _) => batch.Length == 1
                    ? [await Shard(spec, shard).Search(batch[0])]
                    : (await Shard(spec, shard).SearchBatch(batch)).Select(list => (IReadOnlyList<SearchHit>)list).ToList(),
                _options.ShardTimeout,
                time,
                cancellationToken);
            foreach (var failure in failures) LogShardSearchFailed(spec.Name, failure.Shard, failure.Reason);
            results.AddRange(merged);
        }
        return results;
    }

    private IGalleryShardGrain Shard(CollectionSpec spec, int shard) =>
        grains.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, shard));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} of collection '{Collection}' did not answer a search: {Reason}. The answer is marked partial.")]
    private partial void LogShardSearchFailed(string collection, int shard, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} of collection '{Collection}' failed to write {Products} products; they are reported as not committed")]
    private partial void LogShardWriteFailed(Exception exception, string collection, int shard, int products);
}
