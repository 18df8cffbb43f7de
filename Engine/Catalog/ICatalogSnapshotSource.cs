namespace UmsOrleans.Engine.Catalog;

/// <summary>A catalog store that can read one collection as it stood at one moment, for a snapshot.</summary>
public interface ICatalogSnapshotSource
{
    /// <summary>
    /// Opens a read transaction over <paramref name="collection"/>: its settings, its product count and its products all
    /// come from the same moment, so a write committed while the snapshot streams is either wholly in it or wholly out.
    /// Null when the collection does not exist. Writers are not blocked meanwhile.
    /// </summary>
    Task<CatalogReadSnapshot?> OpenReadSnapshotAsync(string collection, CancellationToken cancellationToken = default);
}
