using System.Collections.Immutable;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// The durable catalog: collections and their products. Shards rebuild their memory from it, so every
/// write must be committed here before it is acknowledged.
/// </summary>
public interface ICatalogStore : IAdapterStore
{
    /// <summary>Creates the schema when missing. Safe to call from every silo at start-up.</summary>
    Task InitializeAsync(CancellationToken cancellationToken = default);

    Task<CollectionSpec?> GetCollectionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every collection, by name.</summary>
    Task<IReadOnlyList<CollectionSpec>> ListCollectionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Inserts the collection unless one of that name exists; returns the stored one and whether it is new.</summary>
    Task<(CollectionSpec Stored, bool Created)> CreateCollectionAsync(CollectionSpec spec, CancellationToken cancellationToken = default);

    /// <summary>Deletes the collection and all its products in one transaction; false when it did not exist.</summary>
    Task<bool> DeleteCollectionAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Rewrites the collection's replica count (1 to <see cref="CollectionSpec.MaxReplicas"/>); returns its settings.
    /// <see cref="CollectionNotFoundException"/> when the collection does not exist with <paramref name="collection"/>'s generation.
    /// </summary>
    Task<CollectionSpec> SetReplicasAsync(CollectionSpec collection, int replicas, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the collection moves to <paramref name="shards"/> shards (its <see cref="CollectionSpec.ReshardTo"/>): from now
    /// on every write also records its product's shard in that layout. Returns the settings; unchanged when the collection has
    /// that many shards or is being resharded to that many already.
    /// </summary>
    /// <exception cref="InvalidOperationException">A resharding to another shard count is under way.</exception>
    Task<CollectionSpec> StartReshardingAsync(CollectionSpec collection, int shards, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the shard in the layout being built of up to <paramref name="batch"/> products, in id order after the last one the
    /// backfill assigned (the store keeps that position in the same transaction, so a backfill interrupted anywhere, by a lost silo
    /// or a cluster stop, goes on where it was; a write during the resharding records its own product's shard).
    /// </summary>
    /// <exception cref="InvalidOperationException">The collection is not being resharded as <paramref name="collection"/> says.</exception>
    Task<ReshardBackfillStep> BackfillNextLayoutAsync(CollectionSpec collection, int batch, CancellationToken cancellationToken = default);

    /// <summary>Records that the backfill is complete (<see cref="CollectionSpec.ReshardBackfilled"/>): the next layout's shards may load from now on.</summary>
    /// <exception cref="InvalidOperationException">The collection is not being resharded as <paramref name="collection"/> says.</exception>
    Task<CollectionSpec> MarkBackfilledAsync(CollectionSpec collection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes the layout being built the collection's layout, in one transaction: the shard count becomes <see cref="CollectionSpec.ReshardTo"/>
    /// and the routing version goes up by one, so writes routed by the old layout are refused from then on; the old layout's shard count
    /// is kept (<see cref="CollectionSpec.OldLayoutShards"/>) until <see cref="ForgetOldLayoutAsync"/>. Returns the settings.
    /// </summary>
    /// <exception cref="InvalidOperationException">The collection is not being resharded as <paramref name="collection"/> says.</exception>
    Task<CollectionSpec> SwitchLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the layout a switch left (<see cref="CollectionSpec.OldLayoutShards"/>, which the switch records) is dropped;
    /// returns the settings. Nothing changes when the collection has left <paramref name="collection"/>'s layout since.
    /// </summary>
    Task<CollectionSpec> ForgetOldLayoutAsync(CollectionSpec collection, CancellationToken cancellationToken = default);

    /// <summary>Gives up the resharding under way (the layout stays as it is); returns the settings.</summary>
    Task<CollectionSpec> CancelReshardingAsync(CollectionSpec collection, CancellationToken cancellationToken = default);

    Task<long> CountProductsAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Inserts or replaces the products of one shard in one transaction, which commits only while the collection
    /// still exists with <paramref name="collection"/>'s generation: otherwise nothing is written and
    /// <see cref="CollectionNotFoundException"/> is thrown (a write racing a delete, or meant for a collection since
    /// deleted and created again, leaves no row behind). <paramref name="shard"/> is the products' shard in the layout
    /// of <paramref name="collection"/>'s routing version; a write routed by a layout the collection has left writes nothing
    /// and throws <see cref="RoutingChangedException"/>.
    /// </summary>
    Task UpsertProductsAsync(CollectionSpec collection, int shard, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the product; false when there was none. Like <see cref="UpsertProductsAsync"/>, refused with nothing deleted when the
    /// collection no longer exists with <paramref name="collection"/>'s generation or has left its layout.
    /// </summary>
    Task<bool> DeleteProductAsync(CollectionSpec collection, string id, CancellationToken cancellationToken = default);

    Task<ProductRecord?> GetProductAsync(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>The stored JPEG thumbnail of the product's photo <paramref name="photo"/>, or null when it has none (or does not exist).</summary>
    Task<byte[]?> GetThumbnailAsync(string collection, string id, int photo = 0, CancellationToken cancellationToken = default);

    /// <summary>Every stored thumbnail of the product, in photo order (empty when it has none or does not exist).</summary>
    Task<ImmutableArray<byte[]>> GetThumbnailsAsync(string collection, string id, CancellationToken cancellationToken = default);

    /// <summary>The stored content hash of each of <paramref name="ids"/> that exists and has one.</summary>
    Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(string collection, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams every product of one shard without loading them all at once: what a shard index holds (id, title,
    /// category, attributes, vectors); thumbnails are left out, a rebuild would only discard them.
    /// The layout is the one of <paramref name="routingVersion"/> (the live one, or the one a resharding builds).
    /// </summary>
    IAsyncEnumerable<ProductRecord> ReadShardAsync(string collection, int shard, int routingVersion = 0, CancellationToken cancellationToken = default);
}
