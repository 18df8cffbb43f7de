using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>Where an ingest run writes: a collection's stored content hashes and its upserts.</summary>
public interface IIngestTarget
{
    CollectionSpec Collection { get; }

    Task<IReadOnlyDictionary<string, string>> GetContentHashesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken);

    /// <summary>One result per product, in order.</summary>
    Task<IReadOnlyList<ItemWriteResult>> UpsertAsync(IReadOnlyList<ProductRecord> products, CancellationToken cancellationToken);
}
