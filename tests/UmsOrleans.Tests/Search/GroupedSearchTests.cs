using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// Products with several photos: one hit per product, scored by its best photo (max-sim) per space and the
/// weighted sum over spaces, exactly as a brute-force scan over the products computes it.
/// </summary>
public sealed class GroupedSearchTests
{
    private const int ImageDim = 24;
    private const int TextDim = 12;
    private static readonly VectorSpace[] Spaces = [new("image", ImageDim), new("text", TextDim)];

    [Fact]
    public void Grouped_search_equals_brute_force_over_products_with_several_photos()
    {
        var random = new Random(11);
        var index = new ShardIndex(Spaces);
        var products = new Dictionary<string, ProductRecord>(StringComparer.Ordinal);
        for (var i = 0; i < 1400; i++) Put(index, products, RandomProduct(random, $"p{i:D4}"));
        AssertQueriesMatch(random, index, products);

        // Writes that change photo counts, deletes that move the last product and its rows into freed slots.
        for (var i = 0; i < 600; i++)
        {
            var id = $"p{random.Next(1400):D4}";
            if (random.Next(3) == 0)
            {
                Assert.Equal(products.Remove(id), index.Remove(id));
            }
            else
            {
                Put(index, products, RandomProduct(random, id));
            }
        }
        Assert.Equal(products.Count, index.Count);
        AssertQueriesMatch(random, index, products);
    }

    [Fact]
    public void A_hit_names_the_photo_that_matched_best()
    {
        var random = new Random(3);
        var photos = Enumerable.Range(0, 4).Select(_ => RandomVectors.Unit(random, ImageDim)).ToArray();
        var index = new ShardIndex(Spaces);
        index.Upsert(new ProductRecord("shoe", "Shoe", null, ImmutableDictionary<string, AttributeValue>.Empty,
            [.. photos.Select(p => SpaceVector.FromFloats("image", p))]));
        index.Upsert(new ProductRecord("other", "Other", null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, ImageDim))]));

        for (var photo = 0; photo < photos.Length; photo++)
        {
            var hits = index.Search(new ShardQuery([RandomVectors.Query("image", 1f, photos[photo])], 5));
            Assert.Equal(["shoe", "other"], hits.Select(h => h.Id));
            Assert.Equal(photo, hits[0].MatchedPhoto);
            Assert.Equal(1f, hits[0].Score, 1e-5);
        }
        var byText = index.Search(new ShardQuery([RandomVectors.Query("text", 1f, RandomVectors.Unit(random, TextDim))], 5));
        Assert.Empty(byText); // neither product has a text vector: neither is a candidate for a text query
    }

    [Fact]
    public void Min_score_and_excluded_products_are_dropped_before_the_top_k()
    {
        var random = new Random(5);
        var index = new ShardIndex(Spaces);
        var products = new Dictionary<string, ProductRecord>(StringComparer.Ordinal);
        for (var i = 0; i < 300; i++) Put(index, products, RandomProduct(random, $"p{i:D3}"));
        var query = RandomVectors.Unit(random, ImageDim);
        var all = index.Search(new ShardQuery([RandomVectors.Query("image", 1f, query)], 300));
        var floor = all[40].Score;
        var excluded = all.Take(5).Select(h => h.Id).ToImmutableArray();

        var hits = index.Search(new ShardQuery([RandomVectors.Query("image", 1f, query)], 1000, MinScore: floor, Exclude: excluded));

        Assert.Equal(all.Skip(5).TakeWhile(h => h.Score >= floor).Select(h => h.Id), hits.Select(h => h.Id));
    }

    [Fact]
    public void Removing_photos_gives_back_memory_and_keeps_the_rest_searchable()
    {
        var random = new Random(9);
        var budget = new MemoryBudget(0);
        var index = new ShardIndex(Spaces, budget: budget);
        var photos = Enumerable.Range(0, 2000).Select(_ => SpaceVector.FromFloats("image", RandomVectors.Unit(random, ImageDim))).ToArray();
        index.ReserveFor([new ProductRecord("big", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [.. photos])]);
        index.Upsert(new ProductRecord("big", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [.. photos]));
        var full = budget.ReservedBytes;
        index.Upsert(new ProductRecord("big", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [photos[7]]));

        Assert.True(budget.ReservedBytes < full / 2, $"{budget.ReservedBytes} of {full} bytes still reserved");
        var hit = Assert.Single(index.Search(new ShardQuery([new QueryVector("image", 1f, photos[7].Data)], 3)));
        Assert.Equal(0, hit.MatchedPhoto);
    }

    private static void Put(ShardIndex index, Dictionary<string, ProductRecord> products, ProductRecord product)
    {
        index.Upsert(product);
        products[product.Id] = product;
    }

    private static ProductRecord RandomProduct(Random random, string id)
    {
        var photos = random.Next(5); // 0–4 photos
        var vectors = Enumerable.Range(0, photos).Select(_ => SpaceVector.FromFloats("image", RandomVectors.Unit(random, ImageDim))).ToList();
        if (random.Next(3) > 0) vectors.Add(SpaceVector.FromFloats("text", RandomVectors.Unit(random, TextDim)));
        return new ProductRecord(id, null, $"c{random.Next(4)}", ImmutableDictionary<string, AttributeValue>.Empty, [.. vectors]);
    }

    private static void AssertQueriesMatch(Random random, ShardIndex index, Dictionary<string, ProductRecord> products)
    {
        var queries = new List<ShardQuery>();
        for (var q = 0; q < 12; q++)
        {
            var image = RandomVectors.Query("image", 1f, RandomVectors.Unit(random, ImageDim));
            var text = RandomVectors.Query("text", 0.5f, RandomVectors.Unit(random, TextDim));
            ImmutableArray<QueryVector> vectors = (q % 3) switch { 0 => [image], 1 => [text], _ => [image, text] };
            queries.Add(new ShardQuery(vectors, 1 + q * 7, q % 4 == 3 ? TestFilters.Category("c1") : null));
        }
        var batched = index.SearchBatch(queries);
        for (var q = 0; q < queries.Count; q++)
        {
            var expected = BruteForce(products.Values, queries[q]);
            foreach (var actual in new[] { batched[q], index.Search(queries[q]) })
            {
                Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
                for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Score, actual[i].Score, 1e-4);
            }
        }
    }

    private static List<(string Id, double Score)> BruteForce(IEnumerable<ProductRecord> products, ShardQuery query) =>
        [.. products
            .Where(p => TestFilters.Matches(query.Filter, p))
            .Where(p => query.Vectors.Any(v => p.CountIn(v.Space) > 0))
            .Select(p => (p.Id, Score: query.Vectors.Sum(v => p.CountIn(v.Space) == 0 ? 0 : p.VectorsOf(v.Space).Max(x => v.Weight * RandomVectors.NaiveDot(v.Values, x.Values)))))
            .OrderByDescending(p => p.Score).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Take(query.K)];
}
