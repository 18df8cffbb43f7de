namespace UmsOrleans.Engine.Search;

/// <summary>One result: the product, its score, the shard that holds it and the photo that matched (when one did).</summary>
public sealed record SearchHit(
    string Id,
    float Score,
    string? Title,
    string? Category,
    int Shard,
    int? MatchedPhoto = null);
