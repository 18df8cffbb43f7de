using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Engine.Search;

/// <summary>
/// What an evaluation run needs of a cluster: temporary collections, routed writes and fanned-out searches.
/// The grains project implements it over the shard grains; tests may implement it over plain shard indexes.
/// </summary>
public interface ISearchTarget
{
    Task<CreateCollectionOutcome> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default);

    Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ShardStats>> GetShardStatsAsync(CollectionSpec spec, CancellationToken cancellationToken = default);

    /// <summary>One result per product, in order; a product is committed only when its shard acknowledged it.</summary>
    Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(CollectionSpec spec, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default);

    /// <summary>One merged answer per query, in order; an answer is partial when a shard did not respond.</summary>
    Task<IReadOnlyList<FanOutResult>> SearchBatchAsync(CollectionSpec spec, IReadOnlyList<ShardQuery> queries, CancellationToken cancellationToken = default);
}
