namespace UmsOrleans.Engine.Snapshots;

/// <summary>Products written (to a snapshot, or to the cluster on restore) out of the snapshot's total.</summary>
public readonly record struct SnapshotProgress(long Done, long Total);
