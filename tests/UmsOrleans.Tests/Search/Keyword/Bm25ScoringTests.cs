using System.Collections.Immutable;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Tests.Search.Keyword;

/// <summary>
/// Four tiny products scored by hand. Titles: p0 "red apple" (2 terms), p1 "green apple juice" (3), p2 "apple apple
/// pie" (3), p3 "orange juice" (2): N = 4, total length 10, average 2.5. k1 = 1.2, b = 0.75.
/// idf(apple) = ln(1 + (4 − 3 + 0.5) / (3 + 0.5)) = ln(1.428571) = 0.356675
/// idf(juice) = ln(1 + (4 − 2 + 0.5) / (2 + 0.5)) = ln 2 = 0.693147
/// norm(length) = k1 · (1 − b + b · length / 2.5): norm(2) = 1.02, norm(3) = 1.38
/// term score = idf · tf · 2.2 / (tf + norm)
/// "apple juice": p1 = 0.356675 · 2.2 / 2.38 + 0.693147 · 2.2 / 2.38 = 0.329702 + 0.640722 = 0.970424
///                p3 = 0.693147 · 2.2 / 2.02 = 0.754913
///                p2 = 0.356675 · 2 · 2.2 / (2 + 1.38) = 0.464311
///                p0 = 0.356675 · 2.2 / 2.02 = 0.388458
/// </summary>
public sealed class Bm25ScoringTests
{
    private static readonly string[] Ids = ["p0", "p1", "p2", "p3"];

    private static readonly KeywordFieldWeights TitleOnly = new(ImmutableDictionary<string, float>.Empty, Other: 1f);

    [Fact]
    public void Title_scores_match_the_hand_computed_bm25()
    {
        var index = Build(withCategories: false);
        var hits = Search(index, "apple juice", TitleOnly);

        Assert.Equal(["p1", "p3", "p2", "p0"], hits.Select(h => h.Id));
        Assert.Equal(0.970424, hits[0].Score, 1e-5);
        Assert.Equal(0.754913, hits[1].Score, 1e-5);
        Assert.Equal(0.464311, hits[2].Score, 1e-5);
        Assert.Equal(0.388458, hits[3].Score, 1e-5);
    }

    /// <summary>
    /// Categories: p0 "fruit", p1 "drinks", p2 "bakery", p3 "juice" (N = 4, average length 1, so norm(1) = 1.2).
    /// idf(juice in category) = ln(1 + 3.5 / 1.5) = 1.203973; its term score in p3 = 1.203973 · 2.2 / 2.2 = 1.203973.
    /// "juice" with title weight 3, category 1: p3 = 3 · 0.754913 + 1.203973 = 3.468711; p1 = 3 · 0.640722 = 1.922173.
    /// </summary>
    [Fact]
    public void Field_scores_add_up_with_their_weights()
    {
        var index = Build(withCategories: true);
        var hits = Search(index, "juice", KeywordFieldWeights.Default);

        Assert.Equal(["p3", "p1"], hits.Select(h => h.Id));
        Assert.Equal(3.468711, hits[0].Score, 1e-5);
        Assert.Equal(1.922173, hits[1].Score, 1e-5);
    }

    [Fact]
    public void The_scalar_formula_gives_the_hand_computed_term_scores()
    {
        Assert.Equal(0.356675, Bm25.Idf(4, 3), 1e-6);
        Assert.Equal(0.464311, Bm25.TermScore(Bm25.Idf(4, 3), 2, 3, 2.5), 1e-6);
    }

    [Fact]
    public void A_mask_keeps_only_allowed_slots_and_k_cuts_the_list()
    {
        var index = Build(withCategories: false);
        var allowed = new ulong[] { 0b1010 }; // slots 1 and 3
        var statistics = index.LocalStatistics(KeywordQuery.Parse("apple juice").Terms);

        var masked = index.Search(KeywordQuery.Parse("apple juice"), statistics, TitleOnly, 10, s => Ids[s], allowed);
        var firstTwo = index.Search(KeywordQuery.Parse("apple juice"), statistics, TitleOnly, 2, s => Ids[s]);

        Assert.Equal(["p1", "p3"], masked.Select(h => h.Id));
        Assert.Equal(["p1", "p3"], firstTwo.Select(h => h.Id));
    }

    [Fact]
    public void Equal_scores_rank_by_product_id()
    {
        var index = new KeywordIndex();
        string[] ids = ["b", "c", "a"];
        for (var slot = 0; slot < ids.Length; slot++) index.Set(slot, [new(KeywordFieldNames.Title, "same words")]);

        var hits = Search(index, "words", TitleOnly, s => ids[s]);

        Assert.Equal(["a", "b", "c"], hits.Select(h => h.Id));
    }

    [Fact]
    public void Words_not_in_the_index_find_nothing()
    {
        var index = Build(withCategories: false);
        Assert.Empty(Search(index, "banana", TitleOnly));
        Assert.Empty(Search(index, "", TitleOnly));
    }

    private static KeywordIndex Build(bool withCategories)
    {
        string[] titles = ["red apple", "green apple juice", "apple apple pie", "orange juice"];
        string[] categories = ["fruit", "drinks", "bakery", "juice"];
        var index = new KeywordIndex();
        for (var slot = 0; slot < titles.Length; slot++)
        {
            List<KeywordField> fields = [new(KeywordFieldNames.Title, titles[slot])];
            if (withCategories) fields.Add(new(KeywordFieldNames.Category, categories[slot]));
            index.Set(slot, fields);
        }
        return index;
    }

    private static RankedCandidate[] Search(KeywordIndex index, string text, KeywordFieldWeights weights, Func<int, string>? idOf = null)
    {
        var query = KeywordQuery.Parse(text);
        return index.Search(query, index.LocalStatistics(query.Terms), weights, 10, idOf ?? (s => Ids[s]));
    }
}
