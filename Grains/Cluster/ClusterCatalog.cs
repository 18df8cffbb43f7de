using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Engine.Search.Resharding;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Engine.Telemetry;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Routing;

namespace UmsOrleans.Grains.Cluster;

/// <summary>
/// The cluster as the gateway and evaluation runs see it: collections, routed writes, and queries fanned
/// out over every shard and merged. Live search and evaluation runs share this one path. It speaks the
/// engine's records; grain calls carry their wire forms, and the contract's exceptions come back as the
/// engine's. Snapshot restores write through it too, so each shard commits and holds its products.
/// </summary>
public sealed partial class ClusterCatalog(IGrainFactory grains, TimeProvider time, IOptions<SearchOptions> options, ReplicaLoad replicaLoad, ILogger<ClusterCatalog> logger)
    : ISearchTarget, ISnapshotRestoreTarget
{
    private readonly SearchOptions _options = options.Value;

    public async Task<CreateCollectionOutcome> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default) =>
        (await grains.GetGrain<ICollectionGrain>(spec.Name).Create(spec.ToWire())).ToEngine();

    /// <summary>
    /// The collection's settings from its grain. While that grain's silo is lost and not yet declared dead (seconds), a call
    /// to it is refused or never answered (Orleans gives up only after its 30 s response timeout); then the settings this
    /// gateway last read are used after <see cref="LastSettingsAfter"/>, so searches and writes on the surviving replicas go
    /// on, and for as long again the next calls use them at once instead of each waiting. Without them, the call is tried
    /// again until membership moves the grain, within <see cref="SearchOptions.ShardTimeout"/>.
    /// </summary>
    public async Task<CollectionSpec?> GetCollectionAsync(string name)
    {
        var start = time.GetTimestamp();
        // Just found unreachable: the settings read last, without waiting again on every call.
        if (_last.TryGetValue(name, out var recent) && recent.UnreachableSince is { } since && time.GetElapsedTime(since) < LastSettingsAfter) return recent.Spec;
        for (var attempt = 0; ; attempt++)
        {
            var hasLast = _last.TryGetValue(name, out var last);
            var left = _options.ShardTimeout - time.GetElapsedTime(start);
            try
            {
                var wait = hasLast ? LastSettingsAfter : left > TimeSpan.Zero ? left : TimeSpan.Zero;
                var spec = (await grains.GetGrain<ICollectionGrain>(name).Get().WaitAsync(wait, time))?.ToEngine();
                if (spec is null) _last.TryRemove(name, out _);
                else _last[name] = new LastSettings(spec, UnreachableSince: null);
                return spec;
            }
            catch (Exception exception) when (exception is OrleansMessageRejectionException or SiloUnavailableException or TimeoutException or Orleans.Runtime.Messaging.ConnectionFailedException)
            {
                if (hasLast)
                {
                    LogCollectionGrainUnreachable(name, exception.Message);
                    _last[name] = last! with { UnreachableSince = time.GetTimestamp() };
                    return last.Spec;
                }
                if (time.GetElapsedTime(start) >= _options.ShardTimeout) throw;
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, 100 << Math.Min(attempt, 4))), time);
            }
        }
    }

    /// <summary>How long a read of a collection's settings may take before the ones read last are used instead.</summary>
    private static readonly TimeSpan LastSettingsAfter = TimeSpan.FromSeconds(2);

    /// <summary>A collection's settings as read last, and since when (a time provider timestamp) its grain has not answered.</summary>
    private sealed record LastSettings(CollectionSpec Spec, long? UnreachableSince);

    private readonly ConcurrentDictionary<string, LastSettings> _last = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<CollectionSpec>> ListCollectionsAsync() =>
        [.. (await grains.GetGrain<ICatalogProbeGrain>(0).ListCollections()).Select(s => s.ToEngine())];

    /// <summary>
    /// Makes adapter <paramref name="version"/> (null: none) the one the collection's searches use, once every shard has
    /// projected its vectors by it; returns the updated settings.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such version.</exception>
    /// <exception cref="ArgumentException">The version does not fit the collection's spaces.</exception>
    public async Task<CollectionSpec> ActivateAdapterAsync(string name, int? version) =>
        (await Call(() => grains.GetGrain<ICollectionGrain>(name).ActivateAdapter(version))).ToEngine();

    public async Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default)
    {
        var deleted = await grains.GetGrain<ICollectionGrain>(name).Delete();
        replicaLoad.Forget(name);
        _last.TryRemove(name, out _);
        return deleted;
    }

    /// <summary>One entry per shard, from whichever of its replicas answers first.</summary>
    public async Task<IReadOnlyList<ShardStats>> GetShardStatsAsync(CollectionSpec spec, CancellationToken cancellationToken = default) =>
        await Task.WhenAll(Enumerable.Range(0, spec.Shards).Select(shard =>
            AnyReplicaAsync(spec, shard, async (replica, _) => (await replica.GetStats()).ToEngine(), cancellationToken)));

    /// <summary>
    /// Every replica of every shard: where it is active and what it holds, or why it did not answer within the shard timeout.
    /// Asking activates a replica that is not active (on a silo apart from its siblings).
    /// </summary>
    public async Task<IReadOnlyList<ShardReplicaState>> GetReplicaStatesAsync(CollectionSpec spec, CancellationToken cancellationToken = default)
    {
        var addresses = ReplicaAddresses.Of(spec).ToList();
        var (answers, failures) = await ShardFanOut.CallEveryAsync(
            addresses.Count, async (i, _) => (await Replica(spec, addresses[i].Shard, addresses[i].Replica).GetStats()).ToEngine(), _options.ShardTimeout, time, cancellationToken);
        var reasons = failures.ToDictionary(f => f.Shard, f => f.Reason);
        return [.. addresses.Select((a, i) => new ShardReplicaState(a.Shard, a.Replica, answers[i], reasons.GetValueOrDefault(i)))];
    }

    /// <summary>Sets how many replicas hold each shard (see <see cref="ICollectionGrain.SetReplicas"/>); returns the updated settings.</summary>
    public async Task<CollectionSpec> SetReplicasAsync(string name, int replicas) =>
        (await Call(() => grains.GetGrain<ICollectionGrain>(name).SetReplicas(replicas))).ToEngine();

    /// <summary>Starts moving the collection to <paramref name="shards"/> shards (see <see cref="ICollectionGrain.Reshard"/>); its progress, or null when there is nothing to do.</summary>
    /// <exception cref="InvalidOperationException">A resharding to another shard count is under way.</exception>
    public async Task<ReshardProgress?> ReshardAsync(string name, int shards) =>
        (await Call(() => grains.GetGrain<ICollectionGrain>(name).Reshard(shards)))?.ToEngine();

    /// <summary>The collection's running or last resharding, or null (none, or its grain does not answer within <see cref="LastSettingsAfter"/>).</summary>
    public async Task<ReshardProgress?> GetReshardingAsync(string name)
    {
        try
        {
            return (await grains.GetGrain<ICollectionGrain>(name).GetResharding().WaitAsync(LastSettingsAfter, time))?.ToEngine();
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansMessageRejectionException or SiloUnavailableException)
        {
            return null;
        }
    }

    /// <summary>Starts a rebalance of every collection's replicas over the silos unless one is running; its report so far.</summary>
    public async Task<RebalanceReport> StartRebalanceAsync(string trigger) =>
        (await grains.GetGrain<IRebalanceGrain>(0).Start(trigger)).ToEngine();

    /// <summary>The running or last rebalance's report (null: none since the rebalancer started), or null when the rebalancer does not answer within <see cref="LastSettingsAfter"/>.</summary>
    public async Task<RebalanceReport?> GetLastRebalanceAsync()
    {
        try
        {
            return (await grains.GetGrain<IRebalanceGrain>(0).Last().WaitAsync(LastSettingsAfter, time))?.ToEngine();
        }
        catch (Exception exception) when (exception is TimeoutException or OrleansMessageRejectionException or SiloUnavailableException)
        {
            return null;
        }
    }

    public Task<ProductRecord?> GetProductAsync(CollectionSpec spec, string id) =>
        AnyReplicaAsync(spec, ShardRouter.ShardOf(id, spec.Shards), async (replica, _) => (await replica.Get(id))?.ToEngine(), CancellationToken.None);

    public Task<byte[]?> GetThumbnailAsync(CollectionSpec spec, string id, int photo = 0) =>
        AnyReplicaAsync(spec, ShardRouter.ShardOf(id, spec.Shards), (replica, _) => replica.GetThumbnail(id, photo), CancellationToken.None);

    /// <summary>Appends photos to a stored product on its shard: its photo count after, or null when it does not exist.</summary>
    /// <exception cref="ArgumentException">The product would have more than <paramref name="maxPhotos"/> photos.</exception>
    public Task<int?> AddPhotosAsync(
        CollectionSpec spec, string id, IReadOnlyList<SpaceVector> vectors, IReadOnlyList<byte[]> thumbnails, IReadOnlyList<ImmutableArray<string>> sceneText, int maxPhotos,
        CancellationToken cancellationToken = default) =>
        RoutedWriteAsync(spec, id, (shard, layout, token) => shard.AddPhotos(id, layout.PhotoSpace, [.. vectors.Select(v => v.ToWire())], [.. thumbnails], [.. sceneText], maxPhotos, token), cancellationToken);

    /// <summary>Removes photo <paramref name="index"/> of a stored product: its photo count after, -1 when it has no such photo, null when it does not exist.</summary>
    public Task<int?> RemovePhotoAsync(CollectionSpec spec, string id, int index, CancellationToken cancellationToken = default) =>
        RoutedWriteAsync(spec, id, (shard, layout, token) => shard.RemovePhoto(id, layout.PhotoSpace, index, token), cancellationToken);

    /// <summary>The stored content hash of each of <paramref name="ids"/> that has one, asked of each shard once.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(CollectionSpec spec, IReadOnlyCollection<string> ids)
    {
        var perShard = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal)
            .GroupBy(id => ShardRouter.ShardOf(id, spec.Shards))
            .Select(group => AnyReplicaAsync(spec, group.Key, (replica, _) => replica.GetContentHashes([.. group]), CancellationToken.None)));
        return perShard.SelectMany(h => h).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    public Task<bool> DeleteProductAsync(CollectionSpec spec, string id, CancellationToken cancellationToken = default) =>
        RoutedWriteAsync(spec, id, (shard, _, token) => shard.Delete(id, token), cancellationToken);

    /// <summary>
    /// A write of one product to its shard's primary (see <see cref="BoundedWriteAsync"/>), routed again by the collection's
    /// current layout when a resharding switched it meanwhile.
    /// </summary>
    private async Task<T> RoutedWriteAsync<T>(CollectionSpec spec, string id, Func<IGalleryShardGrain, CollectionSpec, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var layout = spec;
                return await BoundedWriteAsync(token => write(Shard(layout, ShardRouter.ShardOf(id, layout.Shards)), layout, token), cancellationToken);
            }
            catch (RoutingChangedException)
            {
                spec = await PublishedLayoutAfterAsync(spec, cancellationToken);
            }
        }
    }

    /// <summary>
    /// The collection's settings once they route by a newer layout than <paramref name="spec"/>'s: the store switches first, and
    /// the collection grain publishes the new settings a moment later (after the old primaries finished their writes).
    /// </summary>
    /// <exception cref="CollectionNotFoundException">The collection was deleted meanwhile.</exception>
    /// <exception cref="TimeoutException">No newer settings within <see cref="SearchOptions.ShardTimeout"/>.</exception>
    private async Task<CollectionSpec> PublishedLayoutAfterAsync(CollectionSpec spec, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetCollectionAsync(spec.Name) ?? throw new CollectionNotFoundException(spec.Name);
            if (current.RoutingVersion > spec.RoutingVersion) return current;
            if (time.GetElapsedTime(start) >= _options.ShardTimeout)
            {
                throw new TimeoutException($"collection '{spec.Name}' left shard layout {spec.RoutingVersion}, and its next layout was not published within {_options.ShardTimeout.TotalSeconds:0} s.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(500, 20 << Math.Min(attempt, 5))), time, cancellationToken);
        }
    }

    /// <summary>
    /// Routes each product to its shard and writes the shards in parallel, in chunks. A product is reported
    /// committed only when its shard acknowledged the chunk holding it (after the catalog store committed).
    /// Shards commit independently, so one batch can end partly written (a shard over its memory budget, a shard
    /// that does not answer within <see cref="SearchOptions.ShardTimeout"/>): every product says what became of it.
    /// When the same id appears twice, the later one wins.
    /// </summary>
    public async Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default)
    {
        var latest = new Dictionary<string, Contracts.ProductRecord>(StringComparer.Ordinal);
        foreach (var product in products) latest[product.Id] = product.ToWire();
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var overBudget = new HashSet<string>(StringComparer.Ordinal);
        await WriteRoutedAsync(spec, [.. latest.Values], errors, overBudget, cancellationToken);
        return products.Select(p => new ItemWriteResult(p.Id, !errors.ContainsKey(p.Id), errors.GetValueOrDefault(p.Id), overBudget.Contains(p.Id))).ToList();
    }

    /// <summary>
    /// Writes the products shard by shard (see <see cref="UpsertAsync"/>), recording each one that failed. Products a shard refused
    /// because a resharding switched the collection's layout meanwhile are routed again by the new layout.
    /// </summary>
    private async Task WriteRoutedAsync(
        CollectionSpec spec, IReadOnlyList<Contracts.ProductRecord> products, Dictionary<string, string> errors, HashSet<string> overBudget, CancellationToken cancellationToken)
    {
        var rerouted = new List<Contracts.ProductRecord>();
        var byShard = products.GroupBy(p => ShardRouter.ShardOf(p.Id, spec.Shards));
        await Task.WhenAll(byShard.Select(async group =>
        {
            foreach (var chunk in WireChunker.Chunk(group, p => p.ApproximateWireBytes(), _options.MaxChunkBytes))
            {
                try
                {
                    await WriteChunkAsync(spec, group.Key, chunk, cancellationToken);
                }
                catch (RoutingChangedException)
                {
                    lock (rerouted) rerouted.AddRange(chunk);
                }
                catch (Exception exception) when (exception is not (CollectionNotFoundException or Contracts.CollectionNotFoundException or OperationCanceledException))
                {
                    LogShardWriteFailed(exception, spec.Name, group.Key, chunk.Count);
                    lock (errors)
                    {
                        foreach (var product in chunk)
                        {
                            errors[product.Id] = exception switch
                            {
                                TimeoutException => $"shard {group.Key} did not answer the write: {exception.Message}",
                                Contracts.ReplicasBehindException => $"shard {group.Key} did not acknowledge the write: {exception.Message}",
                                _ => $"shard {group.Key} did not commit the write: {exception.Message}",
                            };
                            if (exception is MemoryBudgetExceededException) overBudget.Add(product.Id);
                        }
                    }
                }
                catch (Contracts.CollectionNotFoundException exception)
                {
                    throw exception.ToEngine();
                }
            }
        }));
        if (rerouted.Count == 0) return;
        CollectionSpec next;
        try
        {
            next = await PublishedLayoutAfterAsync(spec, cancellationToken);
        }
        catch (TimeoutException exception)
        {
            foreach (var product in rerouted) errors[product.Id] = exception.Message;
            return;
        }
        await WriteRoutedAsync(next, rerouted, errors, overBudget, cancellationToken);
    }

    /// <summary>One chunk written to its shard's primary, given up on after <see cref="SearchOptions.ShardTimeout"/>.</summary>
    private Task WriteChunkAsync(CollectionSpec spec, int shard, IReadOnlyList<Contracts.ProductRecord> chunk, CancellationToken cancellationToken) =>
        BoundedWriteAsync(async token => { await Shard(spec, shard).Upsert([.. chunk], token); return true; }, cancellationToken);

    /// <summary>
    /// A write to a shard's primary, given up on after <see cref="SearchOptions.ShardTimeout"/>: a primary whose silo died
    /// would otherwise hold the caller until Orleans's response timeout (30 s) before membership notices.
    /// </summary>
    /// <exception cref="ShardWriteTimeoutException">The shard did not acknowledge in time; the write may or may not have committed.</exception>
    private async Task<T> BoundedWriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ShardTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // The token asks the shard to stop before its commit; WaitAsync stops the wait even if no answer ever comes.
            return await Call(() => write(bounded.Token)).WaitAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ShardWriteTimeoutException(_options.ShardTimeout);
        }
    }

    /// <summary>
    /// Each shard of <paramref name="spec"/> that cannot hold its partition within the memory budget, with the reason
    /// (which names the setting). Asking activates and loads the shards that are not loaded yet.
    /// </summary>
    public async Task<IReadOnlyList<(int Shard, string Reason)>> FindShardsOverBudgetAsync(CollectionSpec spec)
    {
        var answers = await Task.WhenAll(ReplicaAddresses.Of(spec).Select(async address =>
        {
            try
            {
                await Replica(spec, address.Shard, address.Replica).GetStats();
                return ((int Shard, string Reason)?)null;
            }
            catch (Contracts.MemoryBudgetExceededException exception)
            {
                return (address.Shard, spec.Replicas == 1 ? exception.Message : $"replica {address.Replica}: {exception.Message}");
            }
        }));
        return [.. answers.OfType<(int Shard, string Reason)>()];
    }

    public async Task<FanOutResult> SearchAsync(CollectionSpec spec, ShardQuery query, CancellationToken cancellationToken = default) =>
        (await SearchBatchAsync(spec, [query], cancellationToken))[0];

    /// <summary>
    /// Several queries in one call per shard, so each shard scores them in one pass over its memory. The caller's
    /// token and the shard timeout both reach the shards: a shard that is given up on stops scanning.
    /// </summary>
    public async Task<IReadOnlyList<FanOutResult>> SearchBatchAsync(CollectionSpec spec, IReadOnlyList<ShardQuery> queries, CancellationToken cancellationToken = default)
    {
        using var activity = UmsInstruments.Source.StartActivity("ums.search");
        activity?.SetTag(UmsInstruments.CollectionTag, spec.Name);
        activity?.SetTag("ums.queries", queries.Count);
        var start = Stopwatch.GetTimestamp();
        var results = new List<FanOutResult>(queries.Count);
        var wire = queries.Select(q => q.ToWire()).ToList();
        foreach (var chunk in WireChunker.Chunk(wire, q => q.Vectors.Sum(v => v.Data.Length) + 64, _options.MaxChunkBytes))
        {
            var batch = chunk.ToImmutableArray();
            var (merged, failures) = await ShardFanOut.SearchAsync(
                spec.Shards,
                batch.Select(q => q.K).ToList(),
                async (shard, token) =>
                {
                    using var call = StartShardCall(spec, shard);
                    return await AnyReplicaAsync<IReadOnlyList<IReadOnlyList<SearchHit>>>(spec, shard, async (replica, replicaToken) => batch.Length == 1
                        ? [ToEngine(await replica.Search(batch[0], replicaToken))]
                        : [.. (await replica.SearchBatch(batch, replicaToken)).Select(ToEngine)], token);
                },
                _options.ShardTimeout,
                time,
                cancellationToken);
            foreach (var failure in failures) LogShardSearchFailed(spec.Name, failure.Shard, failure.Reason);
            results.AddRange(merged);
        }
        var tags = UmsInstruments.Collection(spec.Name);
        UmsInstruments.SearchDuration.Record(Stopwatch.GetElapsedTime(start).TotalSeconds, tags);
        if (results.Count(r => r.Partial) is var partial and > 0) UmsInstruments.PartialAnswers.Add(partial, tags);
        return results;
    }

    /// <summary>
    /// Facet counts over the products <paramref name="filter"/> keeps, from every shard, merged (exact: each shard counts
    /// every value) and cut to <paramref name="limit"/> values per key. A shard that does not answer in time is left
    /// out and named in the result.
    /// </summary>
    public async Task<(ImmutableArray<KeyFacets> Facets, IReadOnlyList<int> MissingShards)> CountFacetsAsync(
        CollectionSpec spec, ProductFilter? filter, IReadOnlyList<FilterKey> keys, ImmutableArray<string> exclude, int limit, CancellationToken cancellationToken = default)
    {
        var json = filter?.ToCanonicalJson();
        var wireKeys = keys.Select(k => k.ToString()).ToImmutableArray();
        var answers = await EveryShardAsync<IReadOnlyList<KeyFacets>>(spec, async (replica, token) =>
            [.. (await replica.CountFacets(json, wireKeys, exclude.IsDefault ? [] : exclude)).Select(f => f.ToEngine())], cancellationToken);
        return (FacetCounter.Merge(answers.OfType<IReadOnlyList<KeyFacets>>(), limit), MissingOf(answers));
    }

    /// <summary>
    /// Keyword search over every shard with the collection's statistics: each shard first reports its document
    /// frequencies and field lengths for the query's terms, the merged statistics go back with the search, so a
    /// product's BM25 score does not depend on which shard holds it. The shards' top lists are merged like vector hits.
    /// </summary>
    public async Task<FanOutResult> KeywordSearchAsync(
        CollectionSpec spec, KeywordQuery query, KeywordFieldWeights weights, int k, ProductFilter? filter, ImmutableArray<string> exclude, float? minScore,
        CancellationToken cancellationToken = default)
    {
        if (query.IsEmpty) return new FanOutResult([], []);
        var terms = query.Terms;
        var statistics = await EveryShardAsync(spec, async (replica, token) => (await replica.GetKeywordStatistics(terms)).ToEngine(), cancellationToken);
        var merged = KeywordStatistics.Merge(statistics.OfType<KeywordStatistics>());
        var message = new Contracts.KeywordShardQuery(terms, merged.ToWire(), weights.Weights, k, filter?.ToCanonicalJson(), exclude.IsDefault ? [] : exclude, minScore);
        var (results, failures) = await ShardFanOut.SearchAsync(
            spec.Shards, [k], async (shard, token) => [ToEngine(await AnyReplicaAsync(spec, shard, (replica, replicaToken) => replica.KeywordSearch(message, replicaToken), token))],
            _options.ShardTimeout, time, cancellationToken);
        foreach (var failure in failures) LogShardSearchFailed(spec.Name, failure.Shard, failure.Reason);
        return results[0] with { MissingShards = [.. results[0].MissingShards.Union(MissingOf(statistics)).Order()] };
    }

    /// <summary>One call per shard (to one of its replicas) through <see cref="ShardFanOut"/> (the shard timeout, failures logged); null for a shard that did not answer.</summary>
    private async Task<T?[]> EveryShardAsync<T>(CollectionSpec spec, Func<IGalleryShardGrain, CancellationToken, Task<T>> call, CancellationToken cancellationToken) where T : class
    {
        var (answers, failures) = await ShardFanOut.CallEveryAsync(spec.Shards, (shard, token) => AnyReplicaAsync(spec, shard, call, token), _options.ShardTimeout, time, cancellationToken);
        foreach (var failure in failures) LogShardSearchFailed(spec.Name, failure.Shard, failure.Reason);
        return answers;
    }

    private static List<int> MissingOf<T>(T?[] answers) where T : class => [.. Enumerable.Range(0, answers.Length).Where(shard => answers[shard] is null)];

    private static Activity? StartShardCall(CollectionSpec spec, int shard)
    {
        var activity = UmsInstruments.Source.StartActivity("ums.shard.call");
        activity?.SetTag(UmsInstruments.CollectionTag, spec.Name);
        activity?.SetTag(UmsInstruments.ShardTag, shard);
        return activity;
    }

    private static IReadOnlyList<SearchHit> ToEngine(ImmutableArray<Contracts.SearchHit> hits) => [.. hits.Select(h => h.ToEngine())];

    /// <summary>A shard call whose contract exceptions reach the caller as the engine's.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is Contracts.CollectionNotFoundException or Contracts.MemoryBudgetExceededException or Contracts.RoutingChangedException)
        {
            throw exception.ToEngine();
        }
        catch (ReplicaSetUnavailableException exception) when (exception.Failures.All(f => f.Error is Contracts.MemoryBudgetExceededException))
        {
            // Every replica is over the same budget: that is the shard's answer, not a replica outage.
            throw exception.Failures[0].Error.ToEngine();
        }
    }

    /// <summary>
    /// A read answered by one replica of the shard: the least busy first; another when it fails or has not answered within
    /// <see cref="SearchOptions.HedgeDelay"/> (see <see cref="HedgedReplicaCall"/>). Contract exceptions come back as the engine's.
    /// </summary>
    private Task<T> AnyReplicaAsync<T>(CollectionSpec spec, int shard, Func<IGalleryShardGrain, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        Call(() => HedgedReplicaCall.CallAsync(
            spec.Name, spec.RoutingVersion, shard, spec.Replicas, replicaLoad, (replica, token) => call(Replica(spec, shard, replica), token), _options.HedgeDelay, time, cancellationToken));

    /// <summary>The primary of a shard: it commits writes to the store and has the other replicas apply them.</summary>
    private IGalleryShardGrain Shard(CollectionSpec spec, int shard) => Replica(spec, shard, 0);

    private IGalleryShardGrain Replica(CollectionSpec spec, int shard, int replica) =>
        grains.GetGrain<IGalleryShardGrain>(ShardKey.Format(spec.Name, shard, replica, spec.RoutingVersion));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shard {Shard} of collection '{Collection}' did not answer a search: {Reason}. The answer is marked partial.")]
    private partial void LogShardSearchFailed(string collection, int shard, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The settings of collection '{Collection}' could not be read ({Reason}); its silo may be lost. This gateway uses the settings it read last.")]
    private partial void LogCollectionGrainUnreachable(string collection, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shard {Shard} of collection '{Collection}' failed to write {Products} products; they are reported as not committed")]
    private partial void LogShardWriteFailed(Exception exception, string collection, int shard, int products);
}
