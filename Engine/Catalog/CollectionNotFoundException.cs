namespace UmsOrleans.Engine.Catalog;

/// <summary>Thrown by a shard whose collection does not exist (any more) in the catalog.</summary>
public sealed class CollectionNotFoundException(string collection)
    : Exception($"collection '{collection}' does not exist.")
{
    public string Collection { get; } = collection;
}
