namespace UmsOrleans.Contracts;

/// <summary>
/// Thrown by a shard of a layout its collection has left (a resharding switched it): nothing was written; read the collection's
/// settings again and route by them.
/// </summary>
[GenerateSerializer, Alias("ums.RoutingChangedException")]
public sealed class RoutingChangedException(string collection, int writerVersion, int currentVersion)
    : Exception($"collection '{collection}' moved from shard layout {writerVersion} to {currentVersion} (a resharding); nothing was written, route the write again by the current layout.")
{
    [Id(0)]
    public string Collection { get; } = collection;

    [Id(1)]
    public int WriterVersion { get; } = writerVersion;

    [Id(2)]
    public int CurrentVersion { get; } = currentVersion;
}
