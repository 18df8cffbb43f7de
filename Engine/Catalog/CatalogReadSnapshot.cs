namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// One collection as it stood when the read transaction began: its settings, its product count, and its products
/// (every field, thumbnails included) streamed in id order. Disposing ends the transaction.
/// </summary>
public sealed class CatalogReadSnapshot(
    CollectionSpec collection,
    long products,
    Func<CancellationToken, IAsyncEnumerable<ProductRecord>> read,
    IAsyncDisposable transaction) : IAsyncDisposable
{
    public CollectionSpec Collection => collection;

    public long Products => products;

    /// <summary>Streams the products; read them once.</summary>
    public IAsyncEnumerable<ProductRecord> ReadProductsAsync(CancellationToken cancellationToken = default) => read(cancellationToken);

    public ValueTask DisposeAsync() => transaction.DisposeAsync();
}
