namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>Which ranked lists a fused result came from.</summary>
[Flags]
public enum FusionSources
{
    None = 0,
    Vector = 1,
    Keyword = 2,
    Both = Vector | Keyword,
}

/// <summary>One result of <see cref="HybridFusion"/>: a product id, its fused score, and the lists it was in.</summary>
public readonly record struct FusedHit(string Id, double Score, FusionSources Sources);

/// <summary>One entry of a ranked list given to <see cref="HybridFusion"/>: a product id and its score in that list.</summary>
public readonly record struct ScoredId(string Id, double Score);
