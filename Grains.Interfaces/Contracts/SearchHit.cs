namespace UmsOrleans.Contracts;

/// <summary>One result: the product, its score and the shard that holds it.</summary>
[GenerateSerializer, Immutable, Alias("ums.SearchHit")]
public sealed record SearchHit(
    [property: Id(0)] string Id,
    [property: Id(1)] float Score,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Category,
    [property: Id(4)] int Shard);
