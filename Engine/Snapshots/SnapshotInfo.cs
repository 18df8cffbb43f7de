namespace UmsOrleans.Engine.Snapshots;

/// <summary>A snapshot as its manifest describes it: <see cref="Bytes"/> is the size of its folder (manifest and data).</summary>
public sealed record SnapshotInfo(string Name, string Collection, long Products, long Bytes, DateTimeOffset CreatedAt);
