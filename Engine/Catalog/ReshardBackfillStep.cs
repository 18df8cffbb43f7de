namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// One batch of a resharding's backfill: the last product id it assigned (where the next batch starts), how many it assigned,
/// how many the backfill has assigned in all (earlier batches too, before an interruption), and whether none are left.
/// </summary>
public sealed record ReshardBackfillStep(string? LastId, int Assigned, long AssignedSoFar, bool Done);
