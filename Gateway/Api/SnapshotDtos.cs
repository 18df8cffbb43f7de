using UmsOrleans.Engine.Snapshots;

namespace UmsOrleans.Gateway.Api;

/// <summary>The body of <c>POST /collections/{name}/restore</c>: the name of a snapshot in the snapshots folder.</summary>
public sealed record RestoreSnapshotRequest(string? Snapshot);

public sealed record SnapshotResponse(string Name, string Collection, long Products, long Bytes, DateTimeOffset CreatedAt)
{
    public static SnapshotResponse Of(SnapshotInfo info) => new(info.Name, info.Collection, info.Products, info.Bytes, info.CreatedAt);
}

public sealed record RestoreSnapshotResponse(string Collection, string Snapshot, long Products);
