using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Tests.Search.Keyword;

/// <summary>
/// The same 300 products in one shard, and in four shards split two different ways: with statistics merged over
/// the shards every product scores as in the single shard; with each shard's own statistics it does not (so the
/// comparison can fail).
/// </summary>
public sealed class ShardIndependenceTests
{
    private const int ProductCount = 300;

    /// <summary>Same operations in the same order give the same float; the tolerance only allows for reordering by a future change.</summary>
    private const double SameScore = 1e-6;

    /// <summary>Shards of 75 products disagree with the whole on df and average lengths far beyond rounding.</summary>
    private const double ClearlyDifferent = 1e-3;

    private static readonly List<KeywordCorpus.Product> Products = KeywordCorpus.Products(ProductCount, seed: 12);

    public static TheoryData<string> Splits => ["round-robin", "uneven-ranges"];

    [Theory]
    [MemberData(nameof(Splits))]
    public void Merged_statistics_give_every_product_the_score_it_has_in_one_shard(string split)
    {
        var whole = KeywordCorpus.Index(Products);
        var shards = Split(split).Select(KeywordCorpus.Index).ToList();
        foreach (var text in KeywordCorpus.Queries)
        {
            var query = KeywordQuery.Parse(text);
            var expected = KeywordCorpus.ScoresById(whole.Index, whole.Ids, query, whole.Index.LocalStatistics(query.Terms));
            var merged = KeywordStatistics.Merge(shards.Select(s => s.Index.LocalStatistics(query.Terms)));

            var actual = shards.SelectMany(s => KeywordCorpus.ScoresById(s.Index, s.Ids, query, merged)).ToDictionary();

            Assert.NotEmpty(expected);
            Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
            foreach (var (id, score) in expected) Assert.Equal(score, actual[id], SameScore);
        }
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void Each_shards_own_statistics_give_different_scores(string split)
    {
        var whole = KeywordCorpus.Index(Products);
        var shards = Split(split).Select(KeywordCorpus.Index).ToList();
        var query = KeywordQuery.Parse("apple juice");
        var expected = KeywordCorpus.ScoresById(whole.Index, whole.Ids, query, whole.Index.LocalStatistics(query.Terms));

        var localOnly = shards.SelectMany(s => KeywordCorpus.ScoresById(s.Index, s.Ids, query, s.Index.LocalStatistics(query.Terms))).ToDictionary();

        Assert.Contains(expected, e => Math.Abs(e.Value - localOnly[e.Key]) > ClearlyDifferent);
    }

    [Fact]
    public void Merged_statistics_equal_the_whole_catalogs()
    {
        var terms = KeywordQuery.Parse("apple juice 苹果 dairy").Terms;
        var whole = KeywordCorpus.Index(Products).Index.LocalStatistics(terms);

        var merged = KeywordStatistics.Merge(Split("uneven-ranges").Select(p => KeywordCorpus.Index(p).Index.LocalStatistics(terms)));

        Assert.Equal(whole.DocumentCount, merged.DocumentCount);
        Assert.Equal(whole.Fields.Keys.Order(), merged.Fields.Keys.Order());
        foreach (var (name, field) in whole.Fields)
        {
            Assert.Equal(field.DocumentCount, merged.Fields[name].DocumentCount);
            Assert.Equal(field.TotalLength, merged.Fields[name].TotalLength);
            Assert.Equal(field.DocumentFrequencies.OrderBy(f => f.Key), merged.Fields[name].DocumentFrequencies.OrderBy(f => f.Key));
        }
    }

    private static List<List<KeywordCorpus.Product>> Split(string split)
    {
        if (split == "round-robin") return Enumerable.Range(0, 4).Select(s => Products.Where((_, i) => i % 4 == s).ToList()).ToList();
        var random = new Random(5);
        var shuffled = Products.OrderBy(_ => random.Next()).ToList();
        var shards = new List<List<KeywordCorpus.Product>>();
        var start = 0;
        foreach (var size in (int[])[10, 40, 100, 150])
        {
            shards.Add(shuffled.GetRange(start, size));
            start += size;
        }
        return shards;
    }
}
