namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// A snapshot that cannot be used: a name outside the snapshots folder, a missing folder, an unknown format version, a
/// checksum that does not match, a line that does not parse. <see cref="Field"/> names what was wrong (the request's
/// <c>snapshot</c> field, or a part of the snapshot). Nothing was written when this is thrown before a restore began.
/// </summary>
public sealed class InvalidSnapshotException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
