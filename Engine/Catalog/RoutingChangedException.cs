namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A write routed by a shard layout the collection has left (a resharding switched it to <see cref="CurrentVersion"/>):
/// nothing was written; read the collection's settings again and route by them.
/// </summary>
public sealed class RoutingChangedException(string collection, int writerVersion, int currentVersion)
    : Exception($"collection '{collection}' moved from shard layout {writerVersion} to {currentVersion} (a resharding); nothing was written, route the write again by the current layout.")
{
    public string Collection { get; } = collection;

    public int WriterVersion { get; } = writerVersion;

    public int CurrentVersion { get; } = currentVersion;
}
