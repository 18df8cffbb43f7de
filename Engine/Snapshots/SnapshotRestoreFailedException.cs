namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// A restore that began and could not finish (a shard did not commit, a line that did not parse). The collection it
/// created has been deleted again unless <see cref="CleanedUp"/> is false, in which case the message says what is left.
/// </summary>
public sealed class SnapshotRestoreFailedException(string message, bool cleanedUp, Exception? inner = null) : Exception(message, inner)
{
    public bool CleanedUp { get; } = cleanedUp;
}
