namespace UmsOrleans.Engine.Snapshots;

/// <summary>A restore was asked into a collection that exists (with any settings, empty or not): nothing was written.</summary>
public sealed class SnapshotTargetExistsException(string collection)
    : Exception($"collection '{collection}' exists; a snapshot is restored only into a collection that does not exist. Delete it first, or restore under another name.")
{
    public string Collection { get; } = collection;
}
