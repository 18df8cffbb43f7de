namespace UmsOrleans.Engine.Catalog;

/// <summary>One batch of a resharding's backfill: the last product id it assigned (where the next batch starts), how many, and whether none are left.</summary>
public sealed record ReshardBackfillStep(string? LastId, int Assigned, bool Done);
