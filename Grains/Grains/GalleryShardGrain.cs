using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Hosting;
using Orleans.Placement;
using UmsOrleans.Catalog;
using UmsOrleans.Contracts;
using UmsOrleans.Routing;
using UmsOrleans.Search;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over <see cref="ShardIndex"/>: rebuilds the partition from the catalog store on activation,
/// commits writes to the store before applying them in memory, and stays active while the silo runs.
/// Concurrent single searches are gathered by a <see cref="QueryBatcher{TQuery,TResult}"/> into one pass.
/// Growth is reserved from the silo's <see cref="MemoryBudget"/> before the store write.
/// </summary>
// Random placement spreads a collection's shards over the silos; the default (resource-optimised) placement
// prefers the silo that places the call, which put every shard of a burst of writes on one silo.
[CollectionAgeLimit(AlwaysActive = true)]
[RandomPlacement]
public sealed partial class GalleryShardGrain(ICatalogStore store, MemoryBudget budget, IOptions<ShardOptions> options, ILogger<GalleryShardGrain> logger) : Grain, IGalleryShardGrain
{
    private string _collection = "";
    private int _shard;
    private CollectionSpec? _spec;
    private ShardIndex? _index;
    private QueryBatcher<ShardQuery, RankedCandidate[]>? _batcher;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_collection, _shard) = ShardKey.Parse(this.GetPrimaryKeyString());
        await LoadAsync(cancellationToken);
    }

    /// <summary>Builds the partition from the catalog store; leaves it empty when the collection does not exist.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        _spec = await store.GetCollectionAsync(_collection, cancellationToken);
        if (_spec is null) return;
        var stopwatch = Stopwatch.StartNew();
        var index = new ShardIndex(_spec.Spaces, _spec.Quantization, budget);
        try
        {
            await foreach (var product in store.ReadShardAsync(_collection, _shard, cancellationToken))
            {
                index.Upsert(product);
            }
        }
        catch (MemoryBudgetExceededException exception)
        {
            index.ReleaseMemory();
            LogOverBudget(exception, _collection, _shard);
            throw;
        }
        _index = index;
        _batcher = new QueryBatcher<ShardQuery, RankedCandidate[]>(index.SearchBatch, options.Value.MaxSearchBatch);
        LogLoaded(_collection, _shard, index.Count, stopwatch.ElapsedMilliseconds);
    }

    public async Task<ImmutableArray<SearchHit>> Search(ShardQuery query)
    {
        var index = await IndexAsync();
        index.ValidateQuery(query); // a bad query must fail alone, not the batch it would join
        var candidates = await _batcher!.Submit(query);
        return candidates.Select(c => index.ToHit(c, _shard)).ToImmutableArray();
    }

    public async Task<ImmutableArray<ImmutableArray<SearchHit>>> SearchBatch(ImmutableArray<ShardQuery> queries)
    {
        var index = await IndexAsync();
        return index.SearchBatch(queries)
            .Select(candidates => candidates.Select(c => index.ToHit(c, _shard)).ToImmutableArray())
            .ToImmutableArray();
    }

    public async Task Upsert(ImmutableArray<ProductRecord> products)
    {
        var index = await IndexAsync();
        foreach (var product in products)
        {
            var owner = ShardRouter.ShardOf(product.Id, _spec!.Shards);
            if (owner != _shard) throw new ArgumentException($"product '{product.Id}' belongs to shard {owner}, not {_shard}.");
        }
        index.ReserveFor(products);
        await store.UpsertProductsAsync(_collection, _shard, products);
        foreach (var product in products) index.Upsert(product);
    }

    public async Task<bool> Delete(string productId)
    {
        var index = await IndexAsync();
        var deleted = await store.DeleteProductAsync(_collection, productId);
        index.Remove(productId);
        return deleted;
    }

    public async Task<ProductRecord?> Get(string productId)
    {
        await IndexAsync();
        return await store.GetProductAsync(_collection, productId);
    }

    public async Task<byte[]?> GetThumbnail(string productId)
    {
        await IndexAsync();
        return await store.GetThumbnailAsync(_collection, productId);
    }

    public async Task<ImmutableDictionary<string, string>> GetContentHashes(ImmutableArray<string> productIds)
    {
        await IndexAsync();
        return (await store.GetContentHashesAsync(_collection, productIds)).ToImmutableDictionary(StringComparer.Ordinal);
    }

    public async Task<ShardStats> GetStats() => (await IndexAsync()).Stats(_shard) with { Silo = RuntimeIdentity };

    public Task Drop()
    {
        _index?.ReleaseMemory();
        _index = null;
        _batcher = null;
        _spec = null;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _index?.ReleaseMemory();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The partition. A shard first called before its collection existed (or after it was dropped and made
    /// again) looks in the catalog once more, so an always-active shard never stays stuck on "not found".
    /// </summary>
    private async ValueTask<ShardIndex> IndexAsync()
    {
        if (_index is null) await LoadAsync(CancellationToken.None);
        return _index ?? throw new CollectionNotFoundException(_collection);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} of collection '{Collection}' cannot load: its products do not fit the memory budget")]
    private partial void LogOverBudget(Exception exception, string collection, int shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of collection '{Collection}' loaded {Products} products from the catalog in {ElapsedMs} ms")]
    private partial void LogLoaded(string collection, int shard, int products, long elapsedMs);
}
