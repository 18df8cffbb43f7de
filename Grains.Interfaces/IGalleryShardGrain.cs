using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// One replica of one partition of a collection's products, held in memory and rebuilt from the catalog store on activation.
/// Reads interleave; writes are exclusive. Writes go to the primary (replica 0), which commits them to the catalog store,
/// applies them, and has every other replica apply them before it acknowledges (see <see cref="Apply"/>).
/// </summary>
[Alias("ums.IGalleryShardGrain")]
public interface IGalleryShardGrain : IGrainWithStringKey
{
    /// <summary>The shard's top k for one query. A cancelled call stops the shard's scan between tiles.</summary>
    [ReadOnly, Alias("search")]
    Task<ImmutableArray<SearchHit>> Search(ShardQuery query, CancellationToken cancellationToken = default);

    /// <summary>Scores several queries in one pass over the shard's memory.</summary>
    [ReadOnly, Alias("search-batch")]
    Task<ImmutableArray<ImmutableArray<SearchHit>>> SearchBatch(ImmutableArray<ShardQuery> queries, CancellationToken cancellationToken = default);

    /// <summary>Per key, how many products the filter keeps have each value (every value; the caller merges and cuts).</summary>
    [ReadOnly, Alias("facets")]
    Task<ImmutableArray<KeyFacets>> CountFacets(string? filterJson, ImmutableArray<string> keys, ImmutableArray<string> exclude);

    /// <summary>This shard's keyword statistics for the terms (document count, field lengths, document frequencies).</summary>
    [ReadOnly, Alias("keyword-statistics")]
    Task<KeywordStatistics> GetKeywordStatistics(ImmutableArray<string> terms);

    /// <summary>The shard's best products by BM25 under the collection's merged statistics.</summary>
    [ReadOnly, Alias("keyword-search")]
    Task<ImmutableArray<SearchHit>> KeywordSearch(KeywordShardQuery query, CancellationToken cancellationToken = default);

    /// <summary>Commits the products to the catalog store, then holds them; a call cancelled before the commit writes nothing.</summary>
    [Alias("upsert")]
    Task Upsert(ImmutableArray<ProductRecord> products, CancellationToken cancellationToken = default);

    [Alias("delete")]
    Task<bool> Delete(string productId, CancellationToken cancellationToken = default);

    [ReadOnly, Alias("get")]
    Task<ProductRecord?> Get(string productId);

    /// <summary>The JPEG thumbnail of the product's photo <paramref name="photo"/>, read from the catalog store (shards do not keep them in memory).</summary>
    [ReadOnly, Alias("thumbnail")]
    Task<byte[]?> GetThumbnail(string productId, int photo = 0);

    /// <summary>
    /// Appends photos (their vectors in <paramref name="photoSpace"/>, thumbnails and scene text) to a stored product, committed to the
    /// store first. Returns the product's photo count, or null when the product does not exist.
    /// </summary>
    /// <exception cref="ArgumentException">The product would have more than <paramref name="maxPhotos"/> photos.</exception>
    [Alias("add-photos")]
    Task<int?> AddPhotos(
        string productId, string photoSpace, ImmutableArray<SpaceVector> vectors, ImmutableArray<byte[]> thumbnails, ImmutableArray<ImmutableArray<string>> sceneText, int maxPhotos,
        CancellationToken cancellationToken = default);

    /// <summary>Removes photo <paramref name="index"/> of a stored product: its photo count after, -1 when it has no such photo, null when the product does not exist.</summary>
    [Alias("remove-photo")]
    Task<int?> RemovePhoto(string productId, string photoSpace, int index, CancellationToken cancellationToken = default);

    /// <summary>The stored content hash of each of these products (of this shard) that has one.</summary>
    [ReadOnly, Alias("content-hashes")]
    Task<ImmutableDictionary<string, string>> GetContentHashes(ImmutableArray<string> productIds);

    [ReadOnly, Alias("stats")]
    Task<ShardStats> GetStats();

    /// <summary>
    /// Whether the partition has loaded, answered at once while a load is under way (activation starts one), so that a caller
    /// waiting for the load by asking again does not hold the replica's turn: writes its primary forwards meanwhile are taken.
    /// After a failed load this call loads again and throws that load's failure.
    /// </summary>
    [ReadOnly, Alias("loaded")]
    Task<bool> Loaded();

    /// <summary>
    /// Moves this replica to <paramref name="silo"/> once it is idle (a grain migration): the activation there loads the partition
    /// from the store. Calls that arrive meanwhile wait for it; with replicas, searches go to a sibling after the hedge delay.
    /// </summary>
    /// <remarks>
    /// <paramref name="handOver"/>: the warm hand-off whose standby just handed its partition over on <paramref name="silo"/> (see
    /// <see cref="CompleteHandOff"/>): the move carries it, and the activation there starts from that partition.
    /// </remarks>
    [Alias("hand-off")]
    Task HandOff(SiloAddress silo, Guid handOver = default);

    /// <summary>
    /// On a primary: starts a warm hand-off of <paramref name="replica"/> (itself when 0) to <paramref name="target"/>: that replica's
    /// standby is activated there and loads from the store, and every write this primary commits from now on is applied by it too.
    /// Wait for the standby's <see cref="Loaded"/>, then call <see cref="CompleteHandOff"/> (or <see cref="CancelHandOff"/>).
    /// </summary>
    [Alias("prepare-hand-off")]
    Task PrepareHandOff(int replica, SiloAddress target);

    /// <summary>
    /// On a primary, with no write of its own in between: the standby hands its loaded partition over on its silo and
    /// <paramref name="replica"/> migrates there (it applies no write in between: Orleans starts no request on a migrating
    /// activation); its new activation starts from that partition instead of the store. Throws when the standby is no longer forwarded to (it failed), leaving the replica where it is.
    /// </summary>
    [Alias("complete-hand-off")]
    Task CompleteHandOff(int replica, SiloAddress target);

    /// <summary>On a primary: stops forwarding to <paramref name="replica"/>'s standby and drops it.</summary>
    [Alias("cancel-hand-off")]
    Task CancelHandOff(int replica);

    /// <summary>On a standby: leaves its loaded partition on its silo for the replica it stands for, under <paramref name="handOver"/>, and deactivates.</summary>
    [Alias("hand-over")]
    Task HandOver(Guid handOver);

    /// <summary>
    /// Projects the shard's vectors by adapter <paramref name="version"/> (read from the catalog store) beside the raw ones.
    /// Read-only as far as callers see: searches go on meanwhile (through the adapters already in use); writes wait until it is done.
    /// </summary>
    // A million products project in about 12 s on 2 cores (README, bench "adapters"): well past the default 30 s on a big or busy shard.
    [ReadOnly, ResponseTimeout("00:10:00"), Alias("prepare-adapter")]
    Task PrepareAdapter(int version);

    /// <summary>Keeps the projection of adapter <paramref name="version"/> only (preparing it when missing); null: none.</summary>
    [ResponseTimeout("00:10:00"), Alias("use-adapter")]
    Task UseAdapter(int? version);

    /// <summary>
    /// On a replica other than the primary, or any replica of a layout a resharding builds: holds these products, already
    /// committed to the catalog store by the primary that took the write. A replica that cannot apply them forgets its
    /// partition and deactivates, so its next activation loads from the store.
    /// </summary>
    [Alias("apply")]
    Task Apply(ImmutableArray<ProductRecord> products, CancellationToken cancellationToken = default);

    /// <summary>On a replica other than the primary, or of a layout being built: forgets a product a primary deleted from the catalog store.</summary>
    [Alias("apply-delete")]
    Task ApplyDelete(string productId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Drops the in-memory partition and loads it again from the catalog store (a replica that may have missed writes); a load
    /// under way reads the store again. Returns once the reload has begun: the calls after this one await it, and writes the
    /// primary forwards meanwhile are applied after it.
    /// </summary>
    [Alias("resync")]
    Task Resync();

    /// <summary>
    /// On a primary: reads the collection's layout from the catalog store again, after the writes in flight. While a resharding
    /// builds the next layout, every write this primary commits is also applied by the next layout's replicas before it is
    /// acknowledged; once the collection has left this primary's layout, it refuses writes (<see cref="RoutingChangedException"/>).
    /// </summary>
    [Alias("follow-layout")]
    Task FollowLayout();

    /// <summary>
    /// On the primary: from now on every write is applied by <paramref name="replicas"/> replicas before it is acknowledged;
    /// replicas added by this call reload from the store first, so none misses a write committed before.
    /// </summary>
    [ResponseTimeout("00:10:00"), Alias("use-replicas")]
    Task UseReplicas(int replicas);

    /// <summary>Forgets the in-memory partition (the collection was deleted) and deactivates.</summary>
    [Alias("drop")]
    Task Drop();
}
