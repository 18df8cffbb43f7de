using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Routing;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Engine.Telemetry;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Grains.Placement;
using UmsOrleans.Routing;
using EngineQuery = UmsOrleans.Engine.Search.ShardQuery;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over <see cref="ShardIndex"/>: rebuilds the partition from the catalog store on activation,
/// commits writes to the store before applying them in memory, and stays active while the silo runs.
/// Concurrent single searches go to the shard's <see cref="ShardSearchQueues"/> (scans share passes; graph searches run one per core).
/// Growth is reserved from the silo's <see cref="MemoryBudget"/> before the store write.
/// </summary>
// Random placement among the silos that hold no other replica of the shard spreads a collection's shards over the silos;
// the default (resource-optimised) placement prefers the silo that places the call, which put every shard of a burst of
// writes on one silo.
[CollectionAgeLimit(AlwaysActive = true)]
[DistinctReplicaPlacement]
public sealed partial class GalleryShardGrain(
    ICatalogStore store, MemoryBudget budget, IOptions<ShardOptions> options, IOptions<CatalogOptions> catalog, TimeProvider time, ILocalSiloDetails localSilo,
    HandedOverPartitions handedOver, ILogger<GalleryShardGrain> logger)
    : Grain, IGalleryShardGrain
{
    /// <summary>
    /// How long a load refused for lack of memory budget is answered from memory: every new try reads the whole
    /// partition from the store, and /healthz (open to anyone) asks every shard.
    /// </summary>
    private static readonly TimeSpan OverBudgetRetryDelay = TimeSpan.FromSeconds(30);

    private string _collection = "";
    private int _shard;
    private int _replica;

    // The shard layout (routing version) this replica belongs to, from its key; whether it was loaded as the layout a
    // resharding builds; on a live primary, the layout being built (its writes go there too) and whether the collection
    // has left this layout (writes are refused).
    private int _layout;
    private bool _building;
    private CollectionSpec? _nextLayout;
    private bool _retired;

    // On the primary: how many replicas apply each write (from the stored settings at load, then UseReplicas).
    private int _replicas = 1;
    private DateTimeOffset _retryLoadAt;

    // The index's write count when its graphs were last saved, and the timer that saves them again (HNSW collections only).
    private long _savedAtWrites = -1;
    private IGrainTimer? _saveTimer;
    private readonly Dictionary<int, Task> _preparing = [];

    // Read-only calls interleave, so the partition is loaded by one cached task that every concurrent first
    // call awaits: two loads would each reserve the memory budget and one reservation would leak.
    private Task<Partition?>? _load;

    // Writes a primary forwarded (Apply, ApplyDelete) while the partition was loading, in order: the load applies them after
    // the rows it read, so the primary's write call (and the searches queued behind it) need not wait for the load.
    private readonly List<Action<ShardIndex>> _forwardedWhileLoading = [];

    // Set by Resync while a load reads the store: that read may have begun before writes the caller committed, so it reads again.
    private bool _readAgain;

    /// <summary>How many times this activation built its partition from the store (for tests and logs).</summary>
    internal int Loads { get; private set; }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        (_collection, _shard, _replica, _layout) = ShardKey.Parse(this.GetPrimaryKeyString());
        // The load runs beside the calls instead of before them: each call awaits it (PartitionAsync), but a write forwarded
        // by a primary is taken at once (see Apply) rather than after seconds of loading.
        _ = LoadInBackgroundAsync();
        // Placements made at the same moment on different silos cannot see each other: look again once every sibling had time to register.
        if (IsStandby) this.RegisterGrainTimer(DropIfNotHandedOverAsync, new GrainTimerCreationOptions(StandbyLifetime, Timeout.InfiniteTimeSpan));
        else this.RegisterGrainTimer(KeepApartAsync, new GrainTimerCreationOptions(SpreadCheckDelay + TimeSpan.FromMilliseconds(Random.Shared.Next(1000)), Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    private async Task LoadInBackgroundAsync()
    {
        // A shard activated for a collection that does not exist (yet, or any more: a drop) stays empty.
        // A load that fails (the store is down) does not fail the activation: the next call loads again and
        // its caller gets the store's failure (as a CatalogStoreUnavailableException, see StoreFailureCallFilter).
        try
        {
            await PartitionAsync();
        }
        catch (Exception exception) when (exception is Contracts.CollectionNotFoundException or Contracts.RoutingChangedException)
        {
        }
        catch (Contracts.MemoryBudgetExceededException)
        {
            // Logged by the load; calls answer the refusal until the retry delay has passed.
        }
        catch (Exception exception)
        {
            // The store is down, or the load failed otherwise: the next call loads again and throws what failed.
            LogLoadFailed(exception, _collection, _shard);
        }
    }

    /// <summary>Saves the HNSW graphs when writes changed them since the last save (not interleaved: no write runs meanwhile).</summary>
    private async Task SaveChangedGraphs(CancellationToken cancellationToken)
    {
        if (_load is { IsCompletedSuccessfully: true, Result: { } partition } && partition.Index.Writes != _savedAtWrites)
        {
            await SaveGraphsOnOwnThreadAsync(partition.Index);
        }
    }

    private static readonly TimeSpan SpreadCheckDelay = TimeSpan.FromSeconds(2);

    /// <summary>Moves this replica (a hand-off: the new activation loads, this one stops) when a lower replica of the shard shares its silo and another silo is free.</summary>
    private async Task KeepApartAsync(CancellationToken cancellationToken)
    {
        var directory = GrainFactory.GetGrain<IManagementGrain>(0);
        var silos = (await directory.GetHosts(onlyActive: true)).Keys.ToList();
        if (silos.Count < 2 || _replica == 0) return;
        var siblings = new Dictionary<int, SiloAddress>();
        for (var replica = 0; replica < CollectionSpec.MaxReplicas; replica++)
        {
            if (replica != _replica && await directory.GetActivationAddress(Replica(replica)) is { } silo) siblings[replica] = silo;
        }
        if (ReplicaSpread.MoveTarget(_replica, localSilo.SiloAddress, siblings, silos) is not { } target) return;
        LogMovingApart(_collection, _shard, _replica, target.ToString());
        MoveTo(target);
    }

    public Task HandOff(SiloAddress silo, Guid handOver = default)
    {
        if (!silo.Equals(localSilo.SiloAddress))
        {
            LogHandingOff(_collection, _shard, _replica, silo.ToString());
            // After a warm hand-off's standby handed over, the move carries its id, so the activation there takes that partition.
            _leavingFor = handOver;
            MoveTo(silo);
        }
        return Task.CompletedTask;
    }

    /// <summary>Migrates this activation to <paramref name="silo"/> once idle; the placement director honours the hint.</summary>
    private void MoveTo(SiloAddress silo)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        this.MigrateOnIdle();
    }

    public async Task<ImmutableArray<Contracts.SearchHit>> Search(Contracts.ShardQuery query, CancellationToken cancellationToken = default)
    {
        using var activity = StartScan(1);
        var partition = await PartitionAsync();
        var engineQuery = query.ToEngine();
        partition.Index.ValidateQuery(engineQuery); // a bad query must fail alone, not the batch it would join
        var candidates = await partition.Searches.Submit(engineQuery, cancellationToken);
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
        RequireWritablePrimary();
        var partition = await PartitionAsync();
        foreach (var product in products)
        {
            var owner = ShardRouter.ShardOf(product.Id, partition.Spec.Shards);
            if (owner != _shard) throw new ArgumentException($"product '{product.Id}' belongs to shard {owner}, not {_shard}.");
        }
        await CommitAsync(partition, [.. products.Select(p => p.ToEngine())], cancellationToken);
        await ShareAsync(products);
    }

    /// <summary>Reserves memory, commits to the store, then applies in memory (whatever happens to the caller after the commit).</summary>
    private async Task CommitAsync(Partition partition, IReadOnlyList<ProductRecord> records, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        partition.Index.ReserveFor(records);
        await StoreWriteAsync(partition, async () =>
        {
            await store.UpsertProductsAsync(partition.Spec, _shard, records, cancellationToken);
            return true;
        });
        // Once the store has committed, the write is applied in memory whatever happens to the caller.
        foreach (var product in records) partition.Index.Upsert(product);
    }

    /// <summary>A write to the catalog store on behalf of <paramref name="partition"/>.</summary>
    private async Task<T> StoreWriteAsync<T>(Partition partition, Func<Task<T>> write)
    {
        try
        {
            return await write();
        }
        catch (Engine.Catalog.CollectionNotFoundException)
        {
            // Deleted (perhaps created again) while this shard held it: forget the partition, the store decides next time.
            Forget(partition);
            throw;
        }
    }

    public async Task<bool> Delete(string productId, CancellationToken cancellationToken = default)
    {
        RequireWritablePrimary();
        var partition = await PartitionAsync();
        var deleted = await StoreWriteAsync(partition, () => store.DeleteProductAsync(partition.Spec, productId, cancellationToken));
        partition.Index.Remove(productId);
        await ApplyOrReloadAsync(OtherReplicas, Replica, (replica, token) => replica.ApplyDelete(productId, token), _shard, _layout);
        await ForwardToStandbysAsync((replica, token) => replica.ApplyDelete(productId, token));
        if (_nextLayout is { } next)
        {
            var shard = ShardRouter.ShardOf(productId, next.Shards);
            await ApplyOrReloadAsync(Enumerable.Range(0, next.Replicas), r => NextLayoutReplica(next, shard, r), (replica, token) => replica.ApplyDelete(productId, token), shard, next.RoutingVersion);
        }
        return deleted;
    }

    public async Task Apply(ImmutableArray<Contracts.ProductRecord> products, CancellationToken cancellationToken = default)
    {
        if (_handedOver) return; // a standby whose partition was handed over (the primary stopped forwarding before)
        var records = products.Select(p => p.ToEngine()).ToList();
        if (TakenWhileLoading(index => UpsertAll(index, records))) return;
        var partition = await PartitionAsync();
        RequireSecondary();
        try
        {
            UpsertAll(partition.Index, records);
        }
        catch (Exception exception)
        {
            // Half applied or refused: this copy can no longer be trusted; the next activation loads from the store.
            LogReplicaDropped(exception, _collection, _shard, _replica);
            Forget(partition);
            DeactivateOnIdle();
            throw;
        }
    }

    public async Task ApplyDelete(string productId, CancellationToken cancellationToken = default)
    {
        if (_handedOver) return;
        if (TakenWhileLoading(index => index.Remove(productId))) return;
        var partition = await PartitionAsync();
        RequireSecondary();
        partition.Index.Remove(productId);
    }

    private static void UpsertAll(ShardIndex index, IReadOnlyList<ProductRecord> records)
    {
        index.ReserveFor(records);
        foreach (var product in records) index.Upsert(product);
    }

    /// <summary>
    /// Keeps a forwarded write for the load under way, which applies it after the rows it read from the store. Safe because the
    /// primary committed the write before forwarding it: a load whose read began earlier gets it from here, a later one from the
    /// store too, and applying a write twice leaves the same state.
    /// </summary>
    private bool TakenWhileLoading(Action<ShardIndex> write)
    {
        if (_load is not { IsCompleted: false }) return false;
        _forwardedWhileLoading.Add(write);
        return true;
    }

    public async Task FollowLayout()
    {
        RequirePrimary();
        var stored = await store.GetCollectionAsync(_collection);
        _retired = stored is not null && stored.RoutingVersion > _layout;
        _nextLayout = stored is not null && stored.RoutingVersion == _layout ? stored.LoadableNextLayout : null;
        if (_retired) LogRetired(_collection, _shard, _layout, stored!.RoutingVersion);
    }

    public Task Resync()
    {
        if (_load is { IsCompleted: false })
        {
            _readAgain = true;
            return Task.CompletedTask;
        }
        ForgetPartition();
        // Not awaited (see Loaded): the calls after this one await the new load, and writes forwarded meanwhile are taken.
        _ = LoadInBackgroundAsync();
        return Task.CompletedTask;
    }

    /// <summary>Forgets the loaded partition, if any (giving its memory back); the next call loads again.</summary>
    private void ForgetPartition()
    {
        if (_load is { IsCompletedSuccessfully: true, Result: { } partition }) partition.Index.ReleaseMemory();
        _load = null;
    }

    /// <summary>
    /// Waits for a load under way to end, however it ends: it reserves memory that whoever forgets the partition must give back.
    /// </summary>
    private async Task LoadSettledAsync()
    {
        if (_load is { IsCompleted: false } loading)
        {
            await ((Task)loading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        }
    }

    public async Task UseReplicas(int replicas)
    {
        RequirePrimary();
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        await PartitionAsync();
        var added = Enumerable.Range(_replicas, Math.Max(0, replicas - _replicas)).ToList();
        // Replicas this primary did not forward to may have loaded before writes it committed since: they reload, and every write
        // from here on is forwarded to them (taken while they load).
        await Task.WhenAll(added.Select(replica => Replica(replica).Resync()));
        _replicas = replicas;
    }

    /// <summary>
    /// Has every other replica of this shard and, while a resharding builds the next layout, every replica of the next layout's
    /// shard holding each product apply upserts this primary committed.
    /// </summary>
    private async Task ShareAsync(ImmutableArray<Contracts.ProductRecord> products)
    {
        await ApplyOrReloadAsync(OtherReplicas, Replica, (replica, token) => replica.Apply(products, token), _shard, _layout);
        await ForwardToStandbysAsync((replica, token) => replica.Apply(products, token));
        if (_nextLayout is not { } next) return;
        await Task.WhenAll(products.GroupBy(p => ShardRouter.ShardOf(p.Id, next.Shards)).Select(group =>
        {
            ImmutableArray<Contracts.ProductRecord> moved = [.. group];
            return ApplyOrReloadAsync(Enumerable.Range(0, next.Replicas), r => NextLayoutReplica(next, group.Key, r), (replica, token) => replica.Apply(moved, token), group.Key, next.RoutingVersion);
        }));
    }

    /// <summary>Replicas 1 to R − 1 of this shard: the ones this primary forwards its writes to.</summary>
    private IEnumerable<int> OtherReplicas => Enumerable.Range(1, Math.Max(0, _replicas - 1));

    /// <summary>
    /// Has <paramref name="replicas"/> (of shard <paramref name="shard"/> in layout <paramref name="layout"/>) apply a write this primary
    /// committed, or reload from the catalog store, which holds it (in a layout being built too: the store recorded the product's
    /// shard there with the write). A replica that does neither in time makes the write unacknowledged: committed and durable,
    /// but not yet on every replica a search may reach.
    /// </summary>
    private async Task ApplyOrReloadAsync(
        IEnumerable<int> replicas, Func<int, IGalleryShardGrain> replicaOf, Func<IGalleryShardGrain, CancellationToken, Task> apply, int shard, int layout)
    {
        // Not the caller's token: once the store has committed, the replicas get the write whatever happens to the caller.
        var behind = await ReplicaApplication.ApplyEverywhereAsync(
            replicas, (replica, token) => apply(replicaOf(replica), token), (replica, _) => replicaOf(replica).Resync(), options.Value.ReplicaApplyTimeout, time, CancellationToken.None);
        if (behind.Count == 0) return;
        var where = layout == _layout ? "" : $" of shard {shard} in the layout being built";
        foreach (var replica in behind) LogReplicaBehind(_collection, shard, layout, replica.Replica, replica.Reason);
        throw new Contracts.ReplicasBehindException(
            $"the write is committed to the catalog store and held by shard {_shard}'s primary, but " +
            string.Join("; ", behind.Select(b => $"replica {b.Replica}{where} neither applied it nor reloaded ({b.Reason})")) +
            ". Send it again (writes are idempotent); it succeeds once every replica answers.");
    }

    private IGalleryShardGrain Replica(int replica) => GrainFactory.GetGrain<IGalleryShardGrain>(ShardKey.Format(_collection, _shard, replica, _layout));

    private IGalleryShardGrain NextLayoutReplica(CollectionSpec next, int shard, int replica) =>
        GrainFactory.GetGrain<IGalleryShardGrain>(ShardKey.Format(_collection, shard, replica, next.RoutingVersion));

    private void RequirePrimary()
    {
        if (_replica != 0) throw new InvalidOperationException($"replica {_replica} of shard {_shard} of collection '{_collection}' takes no writes; they go to the primary (replica 0).");
    }

    /// <summary>The primary of the collection's live layout: a layout the collection has left refuses writes, so they are routed again.</summary>
    private void RequireWritablePrimary()
    {
        RequirePrimary();
        if (_retired) throw new RoutingChangedException(_collection, _layout, _layout + 1);
    }

    private void RequireSecondary()
    {
        if (_replica == 0 && !_building) throw new InvalidOperationException($"the primary of shard {_shard} of collection '{_collection}' commits writes itself; Apply is for other replicas.");
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
        RequireWritablePrimary();
        var partition = await PartitionAsync();
        if (await WithThumbnailsAsync(productId, cancellationToken) is not { } stored) return null;
        var updated = ProductPhotos.Add(stored, [.. vectors.Select(v => v.ToEngine())], thumbnails, sceneText);
        var count = ProductPhotos.Count(updated, photoSpace);
        if (count > maxPhotos) throw new ArgumentException($"product '{productId}' would have {count} photos; at most {maxPhotos} are accepted.");
        await CommitAsync(partition, [updated], cancellationToken);
        await ShareAsync([updated.ToWire()]);
        return count;
    }

    public async Task<int?> RemovePhoto(string productId, string photoSpace, int index, CancellationToken cancellationToken = default)
    {
        RequireWritablePrimary();
        var partition = await PartitionAsync();
        if (await WithThumbnailsAsync(productId, cancellationToken) is not { } stored) return null;
        if (ProductPhotos.Remove(stored, photoSpace, index) is not { } updated) return -1;
        await CommitAsync(partition, [updated], cancellationToken);
        await ShareAsync([updated.ToWire()]);
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

    public async Task<bool> Loaded()
    {
        if (_load is { IsCompleted: false }) return false;
        await PartitionAsync();
        return true;
    }

    public async Task<Contracts.ShardStats> GetStats() =>
        ((await PartitionAsync()).Index.Stats(_shard) with { Silo = localSilo.SiloAddress.ToString(), Replica = _replica }).ToWire();

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

    public async Task Drop()
    {
        await LoadSettledAsync();
        ForgetPartition();
        DeleteSavedGraphs();
        DeactivateOnIdle();
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

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await LoadSettledAsync(); // a move soon after activation
        if (_load is { IsCompletedSuccessfully: true, Result: { } partition })
        {
            await SaveGraphsOnOwnThreadAsync(partition.Index);
            partition.Index.ReleaseMemory();
        }
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

    /// <summary>
    /// Builds the partition from the catalog store, then applies the writes forwarded meanwhile; null when the collection does not
    /// exist. Nothing is awaited after those writes are applied, so none can arrive between them and the load's end.
    /// </summary>
    private async Task<Partition?> LoadAsync()
    {
        // Left by a load that failed: this one reads them from the store.
        _forwardedWhileLoading.Clear();
        var stored = await store.GetCollectionAsync(_collection);
        if (stored is null) return null;
        var spec = LayoutOf(stored);
        var stopwatch = Stopwatch.StartNew();
        // On a thread of its own, not the grain's: the SQLite store reads synchronously, and a load on the grain's thread would
        // keep the writes forwarded meanwhile (and so the primary's write call) waiting for it after all. Not a thread-pool
        // thread either: several shards loading at once would hold the threads every grain's turns run on (seconds-long stalls).
        ShardIndex index;
        long graphMs;
        var adopted = false;
        while (true)
        {
            _readAgain = false;
            // A partition its standby loaded on this silo (with every write since) needs no read.
            var handedOverIndex = TakeHandedOver(spec);
            adopted = handedOverIndex is not null;
            index = handedOverIndex ?? new ShardIndex(spec.Spaces, spec.Quantization, budget, spec.PhotoSpace, spec.Index);
            try
            {
                graphMs = adopted ? 0 : await Task.Factory.StartNew(() => FillAsync(index, spec), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
                if (_readAgain && !adopted)
                {
                    index.ReleaseMemory();
                    continue;
                }
                foreach (var write in _forwardedWhileLoading) write(index);
                break;
            }
            catch (Exception exception)
            {
                index.ReleaseMemory();
                if (exception is Engine.Search.MemoryBudgetExceededException overBudget) throw OverBudget(overBudget);
                throw;
            }
        }
        _forwardedWhileLoading.Clear();
        if (index.HasAnnSpaces) _saveTimer ??= this.RegisterGrainTimer(SaveChangedGraphs, new GrainTimerCreationOptions(options.Value.AnnSaveInterval, options.Value.AnnSaveInterval));
        if (!adopted) Loads++;
        if (_replica == 0)
        {
            _replicas = spec.Replicas;
            _nextLayout = _building ? null : stored.LoadableNextLayout;
        }
        LogLoaded(_collection, _shard, _replica, index.Count, stopwatch.ElapsedMilliseconds, spec.EffectiveIndex.Type.ToString().ToLowerInvariant(), graphMs);
        var scan = UmsInstruments.TimedScan<EngineQuery, RankedCandidate[]>(_collection, index.SearchBatch);
        return new Partition(spec, index, scan, new ShardSearchQueues(index, scan, options.Value.MaxSearchBatch));
    }

    /// <summary>Reads this shard's products into <paramref name="index"/>, projects them by the active adapter and starts its graphs (saved or built); how long the graphs took.</summary>
    private async Task<long> FillAsync(ShardIndex index, CollectionSpec spec)
    {
        await foreach (var product in store.ReadShardAsync(_collection, _shard, _layout))
        {
            index.Upsert(product);
        }
        if (spec.ActiveAdapter is { } adapter) await InstallActiveAdapterAsync(index, adapter);
        var graphs = Stopwatch.StartNew();
        var starts = index.BuildAnn(index.HasAnnSpaces ? GraphDirectory : null);
        var graphMs = graphs.ElapsedMilliseconds;
        foreach (var start in starts)
        {
            if (start.FromSaved) LogGraphFromSaved(_collection, _shard, start.Space, start.Adopted, start.Added, start.Dropped);
            else LogGraphBuilt(_collection, _shard, start.Space, start.Unused ?? "none saved");
        }
        if (starts.Any(s => !s.FromSaved || s.Added + s.Dropped > 0)) SaveGraphs(index);
        return graphMs;
    }

    /// <summary>A load refused for lack of memory budget: logged, kept for the retry delay, and thrown in the wire's terms (activation is not a grain call, so the call filter does not translate it).</summary>
    private Exception OverBudget(Engine.Search.MemoryBudgetExceededException exception)
    {
        _retryLoadAt = time.GetUtcNow() + OverBudgetRetryDelay;
        LogOverBudget(exception, _collection, _shard);
        return exception.ToWire();
    }

    /// <summary>
    /// The settings of this replica's layout: the collection's own when it is the live layout, the layout a resharding builds
    /// when it is that one. A layout the collection has left (or never reached) holds nothing.
    /// </summary>
    private CollectionSpec LayoutOf(CollectionSpec stored)
    {
        if (stored.RoutingVersion == _layout)
        {
            _building = false;
            return stored;
        }
        if (stored.LoadableNextLayout is { } next && next.RoutingVersion == _layout)
        {
            _building = true;
            return next;
        }
        // Activation is not a grain call, so the call filter does not translate this one.
        throw new Contracts.RoutingChangedException(_collection, _layout, stored.RoutingVersion);
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
        Path.Combine(options.Value.EffectiveAnnCacheDirectory(catalog.Value), Uri.EscapeDataString(_collection),
            (_layout == 0 ? "" : FormattableString.Invariant($"layout-{_layout}-"))
            + (GraphReplica == 0 ? _shard.ToString(System.Globalization.CultureInfo.InvariantCulture) : FormattableString.Invariant($"{_shard}-replica-{GraphReplica}")));

    /// <summary>The replica whose saved graphs this one reads: a standby starts from those of the replica it stands for (and never writes them).</summary>
    private int GraphReplica => IsStandby ? Address.StoodFor.Replica : _replica;

    /// <summary>
    /// <see cref="SaveGraphs"/> from a grain turn: seconds at a million rows (3.5 s at deactivation), so on a thread of its own rather
    /// than one of the pool's, which every grain's turns share. The turn still awaits it, so no write interleaves.
    /// </summary>
    private Task SaveGraphsOnOwnThreadAsync(ShardIndex index) =>
        index.HasAnn ? Task.Factory.StartNew(() => SaveGraphs(index), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default) : Task.CompletedTask;

    /// <summary>Saves the shard's graphs so the next activation starts from them; a failure only costs that activation a rebuild.</summary>
    private void SaveGraphs(ShardIndex index)
    {
        if (!index.HasAnn || IsStandby) return;
        try
        {
            var clock = Stopwatch.StartNew();
            index.SaveAnn(GraphDirectory);
            _savedAtWrites = index.Writes;
            LogGraphsSaved(_collection, _shard, clock.ElapsedMilliseconds);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            LogGraphsNotSaved(exception, _collection, _shard);
        }
    }

    private void DeleteSavedGraphs()
    {
        if (IsStandby) return;
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
        ShardSearchQueues Searches);

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

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} (replica {Replica}) of collection '{Collection}' loaded {Products} products from the catalog in {ElapsedMs} ms (index {Index}, of which {GraphMs} ms building graphs)")]
    private partial void LogLoaded(string collection, int shard, int replica, int products, long elapsedMs, string index, long graphMs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' shares a silo with a lower replica of the shard; it moves to silo {Target}")]
    private partial void LogMovingApart(string collection, int shard, int replica, string target);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' is handed off to silo {Target} to even out memory per silo")]
    private partial void LogHandingOff(string collection, int shard, int replica, string target);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} of shard {Shard} of collection '{Collection}' could not apply a write from its primary; it forgets its copy and loads again from the catalog store")]
    private partial void LogReplicaDropped(Exception exception, string collection, int shard, int replica);

    [LoggerMessage(Level = LogLevel.Information, Message = "Shard {Shard} of layout {Layout} of collection '{Collection}' takes no more writes: the collection moved to layout {Current}")]
    private partial void LogRetired(string collection, int shard, int layout, int current);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Replica {Replica} of shard {Shard} (layout {Layout}) of collection '{Collection}' did not take a write committed by a primary ({Reason}); the write is reported as not acknowledged")]
    private partial void LogReplicaBehind(string collection, int shard, int layout, int replica, string reason);
}
