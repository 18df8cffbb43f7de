using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// One partition of a collection's products, held in memory and rebuilt from the catalog store on activation.
/// Reads interleave; writes are exclusive and acknowledged only after the catalog store committed them.
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

    /// <summary>Commits the products to the catalog store, then holds them; a call cancelled before the commit writes nothing.</summary>
    [Alias("upsert")]
    Task Upsert(ImmutableArray<ProductRecord> products, CancellationToken cancellationToken = default);

    [Alias("delete")]
    Task<bool> Delete(string productId, CancellationToken cancellationToken = default);

    [ReadOnly, Alias("get")]
    Task<ProductRecord?> Get(string productId);

    /// <summary>The product's JPEG thumbnail, read from the catalog store (shards do not keep them in memory).</summary>
    [ReadOnly, Alias("thumbnail")]
    Task<byte[]?> GetThumbnail(string productId);

    /// <summary>The stored content hash of each of these products (of this shard) that has one.</summary>
    [ReadOnly, Alias("content-hashes")]
    Task<ImmutableDictionary<string, string>> GetContentHashes(ImmutableArray<string> productIds);

    [ReadOnly, Alias("stats")]
    Task<ShardStats> GetStats();

    /// <summary>Forgets the in-memory partition (the collection was deleted) and deactivates.</summary>
    [Alias("drop")]
    Task Drop();
}
