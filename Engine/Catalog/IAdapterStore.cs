using UmsOrleans.Engine.Adaptation;

namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A collection's learned adapters, versioned (1, 2, … per collection) beside its products, and which one searches
/// use (<see cref="CollectionSpec.ActiveAdapter"/>). Deleting the collection deletes its adapters.
/// </summary>
public interface IAdapterStore
{
    /// <summary>
    /// Stores <paramref name="adapter"/> as the collection's next version. Commits only while the collection exists with
    /// <paramref name="collection"/>'s generation, else throws <see cref="CollectionNotFoundException"/>.
    /// </summary>
    Task<StoredAdapter> SaveAdapterAsync(CollectionSpec collection, Adapter adapter, string label, CancellationToken cancellationToken = default);

    /// <summary>Every version of the collection's adapters (without their matrices), oldest first.</summary>
    Task<IReadOnlyList<StoredAdapter>> ListAdaptersAsync(string collection, CancellationToken cancellationToken = default);

    /// <summary>One version with its matrices, or null when the collection has no such version.</summary>
    Task<(StoredAdapter Info, Adapter Adapter)?> GetAdapterAsync(string collection, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Makes <paramref name="version"/> (null: none) the adapter searches use, rewriting the collection's settings; returns them.
    /// <see cref="ArgumentException"/> when the collection has no such version; <see cref="CollectionNotFoundException"/>
    /// when the collection does not exist with <paramref name="collection"/>'s generation.
    /// </summary>
    Task<CollectionSpec> SetActiveAdapterAsync(CollectionSpec collection, int? version, CancellationToken cancellationToken = default);
}

/// <summary>
/// What is known of a stored adapter version without reading its matrices: the kind, the spaces it reads and the one
/// it writes, the label it learned from (<c>product</c> or <c>attributes.&lt;name&gt;</c>), the training summary and
/// validation scores, when it was stored and its size.
/// </summary>
public sealed record StoredAdapter(
    string Collection,
    int Version,
    AdapterKind Kind,
    string Label,
    string TargetSpace,
    int TargetDimension,
    IReadOnlyList<string> SourceSpaces,
    AdapterTraining Training,
    IReadOnlyList<ValidationScore> Validation,
    int Seed,
    DateTimeOffset CreatedAt,
    long Bytes)
{
    public static StoredAdapter Describe(string collection, int version, Adapter adapter, string label, DateTimeOffset createdAt, long bytes) =>
        new(collection, version, adapter.Kind, label, adapter.TargetSpace, adapter.TargetDimension, [.. adapter.Maps.Select(m => m.SourceSpace)],
            adapter.Training, adapter.Validation, adapter.Seed, createdAt, bytes);
}
