namespace UmsOrleans.Contracts;

/// <summary>
/// Where a resharding stands: from and to how many shards, its phase (<c>backfilling</c>, <c>forwarding</c>, <c>loading</c>,
/// <c>switching</c>, <c>dropping</c>, <c>done</c>, <c>failed</c>), the products backfilled and the new layout's replicas loaded.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.ReshardStatus")]
public sealed record ReshardStatus(
    [property: Id(0)] string Collection,
    [property: Id(1)] int FromShards,
    [property: Id(2)] int ToShards,
    [property: Id(3)] string Phase,
    [property: Id(4)] DateTimeOffset StartedAt,
    [property: Id(5)] long Products,
    [property: Id(6)] long Backfilled,
    [property: Id(7)] int Replicas,
    [property: Id(8)] int ReplicasLoaded,
    [property: Id(9)] DateTimeOffset? SwitchedAt,
    [property: Id(10)] DateTimeOffset? FinishedAt,
    [property: Id(11)] string? Error);
