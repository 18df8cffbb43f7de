namespace UmsOrleans.Engine.Search;

/// <summary>One result: the product, its score and the shard that holds it.</summary>
public sealed record SearchHit(
    string Id,
    float Score,
    string? Title,
    string? Category,
    int Shard);
