namespace UmsOrleans.Engine.Search.Resharding;

/// <summary>The steps of a resharding, in order; <see cref="Done"/> and <see cref="Failed"/> end it.</summary>
public enum ReshardPhase
{
    /// <summary>The catalog store records each product's shard in the new layout (writes during it record their own).</summary>
    Backfilling,

    /// <summary>Every primary of the current layout starts applying its writes to the new layout too.</summary>
    Forwarding,

    /// <summary>The new layout's shard replicas load from the catalog store.</summary>
    Loading,

    /// <summary>One store transaction makes the new layout the collection's; the old layout's primaries stop taking writes.</summary>
    Switching,

    /// <summary>Searches run on the new layout; the old one answers the searches that started before, then is dropped.</summary>
    Dropping,

    Done,

    /// <summary>Given up before the switch: the collection keeps its layout, the new one is dropped (see the error).</summary>
    Failed,
}

/// <summary>
/// Where a resharding of one collection stands: from and to how many shards, its phase, how many of the products the backfill
/// has assigned and how many of the new layout's replicas have loaded.
/// </summary>
public sealed record ReshardProgress(
    string Collection,
    int FromShards,
    int ToShards,
    ReshardPhase Phase,
    DateTimeOffset StartedAt,
    long Products = 0,
    long Backfilled = 0,
    int Replicas = 0,
    int ReplicasLoaded = 0,
    DateTimeOffset? SwitchedAt = null,
    DateTimeOffset? FinishedAt = null,
    string? Error = null)
{
    public bool Running => Phase is not (ReshardPhase.Done or ReshardPhase.Failed);

    /// <summary>
    /// How far it is, from 0 to 1: the backfill counts for half, the loading for 0.45, the switch and the drop for the rest
    /// (the backfill and the loads each read every product once; the switch is one transaction).
    /// </summary>
    public double Fraction => Phase switch
    {
        ReshardPhase.Backfilling => 0.5 * Share(Backfilled, Products),
        ReshardPhase.Forwarding => 0.5,
        ReshardPhase.Loading => 0.5 + 0.45 * Share(ReplicasLoaded, Replicas),
        ReshardPhase.Switching => 0.95,
        ReshardPhase.Dropping => 0.98,
        _ => 1,
    };

    private static double Share(long done, long total) => total <= 0 ? 1 : Math.Clamp((double)done / total, 0, 1);
}
