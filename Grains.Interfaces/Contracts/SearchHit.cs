namespace UmsOrleans.Contracts;

/// <summary>One result: the product, its score, the shard that holds it and the photo that matched (when one did).</summary>
[GenerateSerializer, Immutable, Alias("ums.SearchHit")]
public sealed record SearchHit(
    [property: Id(0)] string Id,
    [property: Id(1)] float Score,
    [property: Id(2)] string? Title,
    [property: Id(3)] string? Category,
    [property: Id(4)] int Shard,
    [property: Id(5)] int? MatchedPhoto = null);
