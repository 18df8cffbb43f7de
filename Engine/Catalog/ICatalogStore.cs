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
    /// Inserts or replaces the products of one shard in one transaction, which commits only while the collection
    /// still exists with <paramref name="collection"/>'s generation: otherwise nothing is written and
    /// <see cref="CollectionNotFoundException"/> is thrown (a write racing a delete, or meant for a collection since
    /// deleted and created again, leaves no row behind).
    /// </summary>
    Task UpsertProductsAsync(CollectionSpec collection, int shard, IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken = default);

    Task<bool> DeleteProductAsync(string collection, string id, CancellationToken cancellationToken = default);

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
    /// </summary>
    IAsyncEnumerable<ProductRecord> ReadShardAsync(string collection, int shard, CancellationToken cancellationToken = default);
}
