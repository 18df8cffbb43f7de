using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Placement;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;
using UmsOrleans.Engine.Telemetry;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;
using EngineQuery = UmsOrleans.Engine.Search.ShardQuery;

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
public sealed partial class GalleryShardGrain(
    ICatalogStore store, MemoryBudget budget, IOptions<ShardOptions> options, IOptions<CatalogOptions> catalog, TimeProvider time, ILogger<GalleryShardGrain> logger)
    : Grain, IGalleryShardGrain
{
    /// <summary>
    /// How long a load refused for lack of memory budget is answered from memory: every new try reads the whole
    /// partition from the store, and /healthz (open to anyone) asks every shard.
    /// </summary>
    private static readonly TimeSpan OverBudgetRetryDelay = TimeSpan.FromSeconds(30);

    private string _collection = "";
    private int _shard;
    private DateTimeOffset _retryLoadAt;
    private readonly Dictionary<int, Task> _preparing = [];

    // Read-only calls interleave, so the partition is loaded by one cached task that every concurrent first
    // call awaits: two loads would each reserve the memory budget and one reservation would leak.
    private Task<Partition?>? _load;

    /// <summary>How many times this activation built its partition from the store (for tests and logs).</summary>
    internal int Loads { get; private set; }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_collection, _shard) = ShardKey.Parse(this.GetPrimaryKeyString());
        // A shard activated for a collection that does not exist (yet, or any more: a drop) stays empty.
        // A load that fails (the store is down) does not fail the activation: the next call loads again and
        // its caller gets the store's failure (as a CatalogStoreUnavailableException, see StoreFailureCallFilter).
        try
        {
            await PartitionAsync();
        }
        catch (Contracts.CollectionNotFoundException)
        {
        }
        catch (Contracts.MemoryBudgetExceededException)
        {
            // Logged by the load; calls answer the refusal until the retry delay has passed.
        }
        catch (Exception exception) when (WireMapping.StoreFailureOf(exception) is not null)
        {
            LogLoadFailed(exception, _collection, _shard);
        }
    }

    public async Task<ImmutableArray<Contracts.SearchHit>> Search(Contracts.ShardQuery query, CancellationToken cancellationToken = default)
    {
        using var activity = StartScan(1);
        var partition = await PartitionAsync();
        var engineQuery = query.ToEngine();
        partition.Index.ValidateQuery(engineQuery); // a bad query must fail alone, not the batch it would join
        var candidates = await partition.Batcher.Submit(engineQuery, cancellationToken);
        return [.. candidates.Select(c => partition.Index.ToHit(c, _shard).ToWire())];
    }

    public async Task<ImmutableArray<ImmutableArray<Contracts.SearchHit>>> SearchBatch(ImmutableArray<Contracts.ShardQuery> queries, CancellationToken cancellationToken = default)
    {
        using var activity = StartScan(queries.Length);
        var partition = await PartitionAsync();
        var answers = partition.Scan([.. queries.Select(q => q.ToEngine())], cancellationToken);
        return [.. answers.Select(candidates => candidates.Select(c => partition.Index.ToHit(c, _shard)).ToWire())];
    }

    public async Task<ImmutableArray<Contracts.KeyFacets>> CountFacets(string? filterJson, ImmutableArray<string> keys, ImmutableArray<string> exclude)
    {
        var partition = await PartitionAsync();
        var facetKeys = keys.Select(k => FilterKey.TryParse(k, out var key) ? key : throw new ArgumentException($"'{k}' is not a facet key.")).ToList();
        return [.. partition.Index.CountFacets(WireMapping.FilterOf(filterJson), facetKeys, exclude).Select(f => f.ToWire())];
    }

    public async Task<Contracts.KeywordStatistics> GetKeywordStatistics(ImmutableArray<string> terms) =>
        (await PartitionAsync()).Index.KeywordStatistics(terms).ToWire();

    public async Task<ImmutableArray<Contracts.SearchHit>> KeywordSearch(Contracts.KeywordShardQuery query, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync();
        cancellationToken.ThrowIfCancellationRequested();
        var candidates = partition.Index.KeywordSearch(
            new KeywordQuery(query.Terms), query.Statistics.ToEngine(), new KeywordFieldWeights(query.Weights), query.K,
            WireMapping.FilterOf(query.FilterJson), query.Exclude, query.MinScore);
        return [.. candidates.Select(c => partition.Index.ToHit(c, _shard).ToWire())];
    }

    public async Task Upsert(ImmutableArray<Contracts.ProductRecord> products, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync();
        foreach (var product in products)
        {
            var owner = ShardRouter.ShardOf(product.Id, partition.Spec.Shards);
            if (owner != _shard) throw new ArgumentException($"product '{product.Id}' belongs to shard {owner}, not {_shard}.");
        }
        await CommitAsync(partition, [.. products.Select(p => p.ToEngine())], cancellationToken);
    }

    /// <summary>Reserves memory, commits to the store, then applies in memory (whatever happens to the caller after the commit).</summary>
    private async Task CommitAsync(Partition partition, IReadOnlyList<ProductRecord> records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        partition.Index.ReserveFor(records);
        try
        {
            await store.UpsertProductsAsync(partition.Spec, _shard, records, cancellationToken);
        }
        catch (Engine.Catalog.CollectionNotFoundException)
        {
            // Deleted (perhaps created again) while this shard held it: forget the partition, the store decides next time.
            Forget(partition);
            throw;
        }
        // Once the store has committed, the write is applied in memory whatever happens to the caller.
        foreach (var product in records) partition.Index.Upsert(product);
    }

    public async Task<bool> Delete(string productId, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync();
        var deleted = await store.DeleteProductAsync(_collection, productId, cancellationToken);
        partition.Index.Remove(productId);
        return deleted;
    }

    public async Task<Contracts.ProductRecord?> Get(string productId)
    {
        await PartitionAsync();
        return (await store.GetProductAsync(_collection, productId))?.ToWire();
    }

    public async Task<byte[]?> GetThumbnail(string productId, int photo = 0)
    {
        await PartitionAsync();
        return await store.GetThumbnailAsync(_collection, productId, photo);
    }

    public async Task<int?> AddPhotos(
        string productId, string photoSpace, ImmutableArray<Contracts.SpaceVector> vectors, ImmutableArray<byte[]> thumbnails, ImmutableArray<ImmutableArray<string>> sceneText, int maxPhotos,
        CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync();
        if (await WithThumbnailsAsync(productId, cancellationToken) is not { } stored) return null;
        var updated = ProductPhotos.Add(stored, [.. vectors.Select(v => v.ToEngine())], thumbnails, sceneText);
        var count = ProductPhotos.Count(updated, photoSpace);
        if (count > maxPhotos) throw new ArgumentException($"product '{productId}' would have {count} photos; at most {maxPhotos} are accepted.");
        await CommitAsync(partition, [updated], cancellationToken);
        return count;
    }

    public async Task<int?> RemovePhoto(string productId, string photoSpace, int index, CancellationToken cancellationToken = default)
    {
        var partition = await PartitionAsync();
        if (await WithThumbnailsAsync(productId, cancellationToken) is not { } stored) return null;
        if (ProductPhotos.Remove(stored, photoSpace, index) is not { } updated) return -1;
        await CommitAsync(partition, [updated], cancellationToken);
        return ProductPhotos.Count(updated, photoSpace);
    }

    /// <summary>The stored product with its thumbnails (a product is read without them), or null when it does not exist.</summary>
    private async Task<ProductRecord?> WithThumbnailsAsync(string productId, CancellationToken cancellationToken) =>
        await store.GetProductAsync(_collection, productId, cancellationToken) is { } stored
            ? stored with { Thumbnails = await store.GetThumbnailsAsync(_collection, productId, cancellationToken) }
            : null;

    public async Task<ImmutableDictionary<string, string>> GetContentHashes(ImmutableArray<string> productIds)
    {
        await PartitionAsync();
        return (await store.GetContentHashesAsync(_collection, productIds)).ToImmutableDictionary(StringComparer.Ordinal);
    }

    public async Task<Contracts.ShardStats> GetStats() =>
        ((await PartitionAsync()).Index.Stats(_shard) with { Silo = RuntimeIdentity }).ToWire();

    public async Task PrepareAdapter(int version)
    {
        var partition = await PartitionAsync();
        if (partition.Index.AdapterVersions.Contains(version)) return;
        // Two activations asking at once share one preparation (a second would find the version half-installed).
        if (!_preparing.TryGetValue(version, out var preparing)) _preparing[version] = preparing = PrepareAsync(partition, version);
        try
        {
            await preparing;
        }
        finally
        {
            if (_preparing.GetValueOrDefault(version) == preparing) _preparing.Remove(version);
        }
    }

    private async Task PrepareAsync(Partition partition, int version)
    {
        var projection = await LoadProjectionAsync(version);
        var stopwatch = Stopwatch.StartNew();
        // Off the grain's thread, so interleaving searches go on; no write runs until this read-only call returns.
        var prepared = await Task.Run(() => partition.Index.PrepareProjection(projection));
        partition.Index.Install(prepared);
        LogProjected(_collection, _shard, version, partition.Index.Count, prepared.ReservedBytes, stopwatch.ElapsedMilliseconds);
    }

    public async Task UseAdapter(int? version)
    {
        var partition = await PartitionAsync();
        if (version is { } wanted && !partition.Index.AdapterVersions.Contains(wanted))
        {
            partition.Index.Install(partition.Index.PrepareProjection(await LoadProjectionAsync(wanted)));
        }
        foreach (var other in partition.Index.AdapterVersions.Where(v => v != version).ToList()) partition.Index.RemoveProjection(other);
    }

    private async Task<AdapterProjection> LoadProjectionAsync(int version) =>
        await store.GetAdapterAsync(_collection, version) is { } stored
            ? new AdapterProjection(version, stored.Adapter)
            : throw new ArgumentException($"collection '{_collection}' has no adapter version {version}.");

    public Task Drop()
    {
        if (_load is { IsCompletedSuccessfully: true, Result: { } partition }) Forget(partition);
        _load = null;
        DeleteSavedGraphs();
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    private Activity? StartScan(int queries)
    {
        var activity = UmsInstruments.Source.StartActivity("ums.shard.search");
        activity?.SetTag(UmsInstruments.CollectionTag, _collection);
        activity?.SetTag(UmsInstruments.ShardTag, _shard);
        activity?.SetTag("ums.queries", queries);
        return activity;
    }

    private void Forget(Partition partition)
    {
        partition.Index.ReleaseMemory();
        if (_load is { IsCompletedSuccessfully: true } load && ReferenceEquals(load.Result, partition)) _load = null;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_load is { IsCompletedSuccessfully: true, Result: { } partition })
        {
            SaveGraphs(partition.Index);
            partition.Index.ReleaseMemory();
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// The partition, loaded once. A shard first called before its collection existed (or after it was dropped
    /// and made again), or whose load failed, looks in the catalog once more on the next call, so an
    /// always-active shard never stays stuck on "not found". A load refused for lack of memory budget is kept and
    /// answered until <see cref="OverBudgetRetryDelay"/> has passed.
    /// </summary>
    private async Task<Partition> PartitionAsync()
    {
        if (_load is { IsFaulted: true } && time.GetUtcNow() >= _retryLoadAt) _load = null;
        var load = _load ??= LoadAsync();
        Partition? partition;
        try
        {
            partition = await load;
        }
        catch (Exception exception) when (exception is not Contracts.MemoryBudgetExceededException)
        {
            if (ReferenceEquals(_load, load)) _load = null;
            throw;
        }
        if (partition is null)
        {
            if (ReferenceEquals(_load, load)) _load = null;
            throw new Contracts.CollectionNotFoundException(_collection);
        }
        return partition;
    }

    /// <summary>Builds the partition from the catalog store; null when the collection does not exist.</summary>
    private async Task<Partition?> LoadAsync()
    {
        var spec = await store.GetCollectionAsync(_collection);
        if (spec is null) return null;
        var stopwatch = Stopwatch.StartNew();
        var index = new ShardIndex(spec.Spaces, spec.Quantization, budget, spec.PhotoSpace, spec.Index);
        long graphMs;
        try
        {
            await foreach (var product in store.ReadShardAsync(_collection, _shard))
            {
                index.Upsert(product);
            }
            if (spec.ActiveAdapter is { } adapter) await InstallActiveAdapterAsync(index, adapter);
            var graphs = Stopwatch.StartNew();
            var starts = index.BuildAnn(index.HasAnnSpaces ? GraphDirectory : null);
            graphMs = graphs.ElapsedMilliseconds;
            foreach (var start in starts)
            {
                if (start.FromSaved) LogGraphFromSaved(_collection, _shard, start.Space, start.Adopted, start.Added, start.Dropped);
                else LogGraphBuilt(_collection, _shard, start.Space, start.Unused ?? "none saved");
            }
            if (starts.Any(s => !s.FromSaved || s.Added + s.Dropped > 0)) SaveGraphs(index);
        }
        catch (Engine.Search.MemoryBudgetExceededException exception)
        {
            _retryLoadAt = time.GetUtcNow() + OverBudgetRetryDelay;
            // Activation is not a grain call, so the call filter does not translate this one.
            index.ReleaseMemory();
            LogOverBudget(exception, _collection, _shard);
            throw exception.ToWire();
        }
        catch
        {
            index.ReleaseMemory();
            throw;
        }
        Loads++;
        LogLoaded(_collection, _shard, index.Count, stopwatch.ElapsedMilliseconds, spec.EffectiveIndex.Type.ToString().ToLowerInvariant(), graphMs);
        var scan = UmsInstruments.TimedScan<EngineQuery, RankedCandidate[]>(_collection, index.SearchBatch);
        return new Partition(spec, index, scan, new QueryBatcher<EngineQuery, RankedCandidate[]>(scan, options.Value.MaxSearchBatch));
    }

    /// <summary>
    /// Projects the loaded products by the collection's active adapter. An adapter that cannot be read or does not fit is
    /// logged and left out: the shard still answers raw searches, and searches through the adapter say it is not in use.
    /// </summary>
    private async Task InstallActiveAdapterAsync(ShardIndex index, int version)
    {
        try
        {
            index.Install(index.PrepareProjection(await LoadProjectionAsync(version)));
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidDataException)
        {
            LogAdapterUnusable(exception, _collection, _shard, version);
        }
    }

    /// <summary>This shard's folder of saved HNSW graphs (see <see cref="ShardOptions.AnnCacheDirectory"/>).</summary>
    private string GraphDirectory =>
        Path.Combine(options.Value.EffectiveAnnCacheDirectory(catalog.Value), Uri.EscapeDataString(_collection), _shard.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Saves the shard's graphs so the next activation starts from them; a failure only costs that activation a rebuild.</summary>
    private void SaveGraphs(ShardIndex index)
    {
        if (!index.HasAnn) return;
        try
        {
            var clock = Stopwatch.StartNew();
            index.SaveAnn(GraphDirectory);
            LogGraphsSaved(_collection, _shard, clock.ElapsedMilliseconds);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogGraphsNotSaved(exception, _collection, _shard);
        }
    }

    private void DeleteSavedGraphs()
    {
        try
        {
            if (Directory.Exists(GraphDirectory)) Directory.Delete(GraphDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogGraphsNotSaved(exception, _collection, _shard);
        }
    }

    /// <summary>The loaded partition: its settings, its index, the index's timed scan and the batcher that feeds it.</summary>
    private sealed record Partition(
        CollectionSpec Spec,
        ShardIndex Index,
        Func<IReadOnlyList<EngineQuery>, CancellationToken, IReadOnlyList<RankedCandidate[]>> Scan,
        QueryBatcher<EngineQuery, RankedCandidate[]> Batcher);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} of collection '{Collection}' cannot load: its products do not fit the memory budget")]
    private partial void LogOverBudget(Exception exception, string collection, int shard);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} of collection '{Collection}' could not load from the catalog store; the next call tries again")]
    private partial void LogLoadFailed(Exception exception, string collection, int shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of collection '{Collection}' projected {Products} products by adapter {Version} ({Bytes} bytes) in {ElapsedMs} ms")]
    private partial void LogProjected(string collection, int shard, int version, int products, long bytes, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} of collection '{Collection}' cannot use its active adapter {Version}; it answers without it")]
    private partial void LogAdapterUnusable(Exception exception, string collection, int shard, int version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of collection '{Collection}' started its HNSW graph of space '{Space}' from the saved file: {Adopted} products kept, {Added} added or changed since, {Dropped} gone or changed")]
    private partial void LogGraphFromSaved(string collection, int shard, string space, int adopted, int added, int dropped);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of collection '{Collection}' built its HNSW graph of space '{Space}' from the catalog (saved file not used: {Reason})")]
    private partial void LogGraphBuilt(string collection, int shard, string space, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of collection '{Collection}' saved its graphs in {ElapsedMs} ms")]
    private partial void LogGraphsSaved(string collection, int shard, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} of collection '{Collection}' could not save or delete its saved graphs; the next activation rebuilds them")]
    private partial void LogGraphsNotSaved(Exception exception, string collection, int shard);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of collection '{Collection}' loaded {Products} products from the catalog in {ElapsedMs} ms (index {Index}, of which {GraphMs} ms building graphs)")]
    private partial void LogLoaded(string collection, int shard, int products, long elapsedMs, string index, long graphMs);
}
