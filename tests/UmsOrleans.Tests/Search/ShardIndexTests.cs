using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

public class ShardIndexTests
{
    private static readonly VectorSpace[] Spaces = [new("image", 37), new("text", 20)];

    [Fact]
    public void Exact_search_matches_brute_force_over_several_blocks_with_missing_modalities()
    {
        var random = new Random(42);
        var (index, products) = BuildIndex(random, 4500); // > two blocks of 2048 rows
        for (var trial = 0; trial < 5; trial++)
        {
            var image = RandomVectors.Unit(random, 37);
            var text = RandomVectors.Unit(random, 20);
            var query = new ShardQuery([RandomVectors.Query("image", 1f, image), RandomVectors.Query("text", 0.5f, text)], 25);

            AssertExactTopK(products, p => Score(p, "image", image, 1f) + Score(p, "text", text, 0.5f), 25, index.Search(query));
        }
    }

    [Fact]
    public void A_product_without_the_queried_space_is_no_candidate_for_it_but_scores_zero_for_it_among_several()
    {
        var index = new ShardIndex(Spaces);
        var image = RandomVectors.Unit(new Random(1), 37);
        index.Upsert(Product("with-image", "c", ("image", image)));
        index.Upsert(Product("text-only", "c", ("text", RandomVectors.Unit(new Random(2), 20))));

        var hits = index.Search(new ShardQuery([RandomVectors.Query("image", 2f, image)], 10));
        var both = index.Search(new ShardQuery([RandomVectors.Query("image", 2f, image), RandomVectors.Query("text", 0f, RandomVectors.Unit(new Random(3), 20))], 10));

        var hit = Assert.Single(hits);
        Assert.Equal("with-image", hit.Id);
        Assert.Equal(2f, hit.Score, 1e-5);
        Assert.Equal(new[] { "with-image", "text-only" }, both.Select(h => h.Id));
        Assert.Equal(0f, both[1].Score);
    }

    [Fact]
    public void Batched_search_returns_the_same_as_one_query_at_a_time()
    {
        var random = new Random(7);
        var (index, _) = BuildIndex(random, 2300);
        var queries = Enumerable.Range(0, 11).Select(i => new ShardQuery(
            i % 3 == 0
                ? [RandomVectors.Query("text", 1f, RandomVectors.Unit(random, 20))]
                : [RandomVectors.Query("image", 1f, RandomVectors.Unit(random, 37)), RandomVectors.Query("text", 0.3f, RandomVectors.Unit(random, 20))],
            1 + i * 3,
            i == 5 ? TestFilters.Category("cat1") : null)).ToList();

        var batched = index.SearchBatch(queries);

        for (var q = 0; q < queries.Count; q++)
        {
            var single = index.Search(queries[q]);
            Assert.Equal(single.Select(c => c.Id), batched[q].Select(c => c.Id));
        }
    }

    [Fact]
    public void A_big_batch_scanned_tile_by_tile_matches_brute_force_for_every_query()
    {
        // 40 queries of 200 floats: 120-row tiles, so every block ends in a partial tile whose length is no
        // multiple of the kernel's 3 rows or the vector width; some queries filter by category.
        var random = new Random(11);
        var index = new ShardIndex([new VectorSpace("image", 200)]);
        var products = Enumerable.Range(0, 4200).Select(i => Product($"p{i:D5}", $"cat{i % 3}", ("image", RandomVectors.Unit(random, 200)))).ToList();
        foreach (var product in products) index.Upsert(product);
        var queries = Enumerable.Range(0, 40).Select(i => (Vector: RandomVectors.Unit(random, 200), Category: i % 4 == 0 ? "cat1" : null)).ToList();

        var batched = index.SearchBatch(queries.Select(q => new ShardQuery([RandomVectors.Query("image", 0.5f, q.Vector)], 7, q.Category is null ? null : TestFilters.Category(q.Category))).ToList());

        for (var q = 0; q < queries.Count; q++)
        {
            var candidates = products.Where(p => queries[q].Category is null || p.Category == queries[q].Category).ToList();
            AssertExactTopK(candidates, p => Score(p, "image", queries[q].Vector, 0.5f), 7, batched[q]);
        }
    }

    [Fact]
    public void Category_filter_keeps_only_that_category_and_unknown_category_finds_nothing()
    {
        var random = new Random(9);
        var (index, products) = BuildIndex(random, 600);
        var image = RandomVectors.Unit(random, 37);

        var hits = index.Search(new ShardQuery([RandomVectors.Query("image", 1f, image)], 1000, TestFilters.Category("cat2")));

        AssertExactTopK(products.Where(p => p.Category == "cat2" && p.FindVector("image") is not null).ToList(), p => Score(p, "image", image, 1f), 1000, hits);
        Assert.Empty(index.Search(new ShardQuery([RandomVectors.Query("image", 1f, image)], 5, TestFilters.Category("no-such-category"))));
    }

    [Fact]
    public void Upsert_replaces_and_delete_compacts_without_losing_other_products()
    {
        var random = new Random(13);
        var (index, products) = BuildIndex(random, 3000);
        var byId = products.ToDictionary(p => p.Id);
        foreach (var id in products.Where((_, i) => i % 3 == 0).Select(p => p.Id).ToList())
        {
            Assert.True(index.Remove(id));
            byId.Remove(id);
        }
        Assert.False(index.Remove("never-there"));
        var replaced = Product(products[1].Id, "cat9", ("image", RandomVectors.Unit(random, 37)));
        index.Upsert(replaced);
        byId[replaced.Id] = replaced;
        var added = Product("late-arrival", "cat0", ("text", RandomVectors.Unit(random, 20)));
        index.Upsert(added);
        byId[added.Id] = added;

        Assert.Equal(byId.Count, index.Count);
        var image = RandomVectors.Unit(random, 37);
        var text = RandomVectors.Unit(random, 20);
        var actual = index.Search(new ShardQuery([RandomVectors.Query("image", 1f, image), RandomVectors.Query("text", 1f, text)], 5000));
        AssertExactTopK(byId.Values.ToList(), p => Score(p, "image", image, 1f) + Score(p, "text", text, 1f), 5000, actual);
        var stats = index.Stats(0);
        Assert.Equal(byId.Values.Count(p => p.FindVector("image") is not null), stats.VectorsPerSpace["image"]);
        Assert.Equal(byId.Values.Count(p => p.FindVector("text") is not null), stats.VectorsPerSpace["text"]);
    }

    [Fact]
    public void K_larger_than_the_shard_returns_every_product_and_an_empty_shard_returns_none()
    {
        var empty = new ShardIndex(Spaces);
        var query = new ShardQuery([RandomVectors.Query("image", 1f, RandomVectors.Unit(new Random(1), 37))], 1000);
        Assert.Empty(empty.Search(query));
        var (index, products) = BuildIndex(new Random(2), 12);
        Assert.Equal(products.Count(p => p.FindVector("image") is not null), index.Search(query).Length); // every product with an image
    }

    [Fact]
    public void Wrong_dimension_or_unknown_space_is_refused()
    {
        var index = new ShardIndex(Spaces);
        Assert.Throws<ArgumentException>(() => index.Upsert(Product("p", null, ("image", new float[36]))));
        Assert.Throws<ArgumentException>(() => index.Upsert(Product("p", null, ("audio", new float[3]))));
        Assert.Throws<ArgumentException>(() => index.Search(new ShardQuery([RandomVectors.Query("image", 1f, new float[5])], 1)));
        Assert.Equal(0, index.Count);
    }

    private static (ShardIndex Index, List<ProductRecord> Products) BuildIndex(Random random, int count)
    {
        var index = new ShardIndex(Spaces);
        var products = new List<ProductRecord>();
        for (var i = 0; i < count; i++)
        {
            var vectors = (i % 4) switch
            {
                0 => new[] { ("image", RandomVectors.Unit(random, 37)) },
                1 => [("text", RandomVectors.Unit(random, 20))],
                _ => [("image", RandomVectors.Unit(random, 37)), ("text", RandomVectors.Unit(random, 20))],
            };
            var product = Product($"prod-{random.Next(1_000_000):D7}-{i}", $"cat{i % 5}", vectors);
            products.Add(product);
            index.Upsert(product);
        }
        return (index, products);
    }

    private static ProductRecord Product(string id, string? category, params (string Space, float[] Values)[] vectors) =>
        new(id, $"title of {id}", category, ImmutableDictionary<string, AttributeValue>.Empty,
            vectors.Select(v => SpaceVector.FromFloats(v.Space, v.Values)).ToImmutableArray());

    private static double Score(ProductRecord product, string space, float[] query, float weight) =>
        product.FindVector(space) is { } vector ? weight * RandomVectors.NaiveDot(query, vector.Values) : 0;

    /// <summary>
    /// The index answers in float32, the reference in double: scores may differ by rounding, so near-ties
    /// (within the tolerance) may swap. Everything else must be exact: the count, each score, the order, and
    /// the set (all clearly-better products present, none clearly-worse).
    /// </summary>
    private static void AssertExactTopK(List<ProductRecord> products, Func<ProductRecord, double> score, int k, RankedCandidate[] actual)
    {
        const double tolerance = 1e-4;
        var truth = products.ToDictionary(p => p.Id, score);
        var ranked = truth.Values.OrderByDescending(s => s).ToList();
        Assert.Equal(Math.Min(k, products.Count), actual.Length);
        var kth = ranked[actual.Length - 1];
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.Equal(truth[actual[i].Id], actual[i].Score, tolerance);
            if (i > 0) Assert.True(actual[i - 1].RanksBefore(actual[i]), $"result {i} is out of order");
            Assert.True(truth[actual[i].Id] >= kth - tolerance, $"{actual[i].Id} is not in the true top {k}");
        }
        var returned = actual.Select(a => a.Id).ToHashSet();
        Assert.All(truth.Where(t => t.Value > kth + tolerance), t => Assert.Contains(t.Key, returned));
    }
}
