using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Tests.Search.Keyword;

public sealed class HybridFusionTests
{
    /// <summary>
    /// Vector [a, b, c], keyword [c, d], k = 60: a = 1/61 = 0.0163934, b = 1/62 = 0.0161290,
    /// c = 1/63 + 1/61 = 0.01587302 + 0.01639344 = 0.03226646, d = 1/62 = 0.0161290 (ties b with d: b first by id).
    /// </summary>
    [Fact]
    public void Reciprocal_rank_fusion_matches_the_hand_computed_example()
    {
        var fused = HybridFusion.ReciprocalRank(["a", "b", "c"], ["c", "d"]);

        Assert.Equal(["c", "a", "b", "d"], fused.Select(h => h.Id));
        Assert.Equal([0.0322665, 0.0163934, 0.0161290, 0.0161290], fused.Select(h => Math.Round(h.Score, 7)));
        Assert.Equal([FusionSources.Both, FusionSources.Vector, FusionSources.Vector, FusionSources.Keyword], fused.Select(h => h.Sources));
    }

    /// <summary>
    /// Vector a 0.9, b 0.5, c 0.1 → normalised 1, 0.5, 0; keyword c 10, d 4 → 1, 0. alpha 0.5:
    /// a = 0.5, b = 0.25, c = 0 + 0.5 = 0.5, d = 0 (a and c tie: a first by id).
    /// </summary>
    [Fact]
    public void Weighted_fusion_matches_the_hand_computed_example()
    {
        var fused = HybridFusion.Weighted(Vector, Keyword, alpha: 0.5);

        Assert.Equal(["a", "c", "b", "d"], fused.Select(h => h.Id));
        Assert.Equal([0.5, 0.5, 0.25, 0.0], fused.Select(h => Math.Round(h.Score, 9)));
        Assert.Equal(FusionSources.Both, fused[1].Sources);
    }

    [Fact]
    public void Alpha_one_ranks_by_the_vector_list_and_alpha_zero_by_the_keyword_list()
    {
        var vectorOnly = HybridFusion.Weighted(Vector, Keyword, alpha: 1);
        var keywordOnly = HybridFusion.Weighted(Vector, Keyword, alpha: 0);

        Assert.Equal(Vector.Select(v => v.Id), vectorOnly.Select(h => h.Id));
        Assert.Equal([1.0, 0.5, 0.0], vectorOnly.Select(h => h.Score));
        Assert.Equal(Keyword.Select(v => v.Id), keywordOnly.Select(h => h.Id));
        Assert.All(keywordOnly, h => Assert.Equal(FusionSources.Keyword, h.Sources));
    }

    [Fact]
    public void A_list_of_equal_scores_normalises_to_one_and_an_empty_list_adds_nothing()
    {
        var fused = HybridFusion.Weighted([new("x", 2), new("y", 2)], [], alpha: 0.25);

        Assert.Equal([("x", 0.25), ("y", 0.25)], fused.Select(h => (h.Id, h.Score)));
        Assert.Empty(HybridFusion.ReciprocalRank([], []));
    }

    private static readonly ScoredId[] Vector = [new("a", 0.9), new("b", 0.5), new("c", 0.1)];

    private static readonly ScoredId[] Keyword = [new("c", 10), new("d", 4)];
}
