using System.Text.Json;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Tests.Search.Filtering;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// The whole shard path at once, against brute force: products with several photos and random attributes of every
/// kind, 50 random filter expressions applied in the scan (never after a top-k), one hit per product, facet counts
/// over every product the filter keeps — before and after deletes that move products between slots.
/// </summary>
public sealed class FilteredGroupedSearchTests
{
    private const int Dim = 16;

    [Fact]
    public void Filtered_grouped_search_and_facets_equal_brute_force_for_50_random_filters()
    {
        var random = new Random(17);
        var catalog = new RandomCatalog(17);
        var index = new ShardIndex([new VectorSpace("image", Dim)]);
        var products = new Dictionary<string, (ProductRecord Record, TestProduct Attributes)>(StringComparer.Ordinal);
        for (var i = 0; i < 900; i++)
        {
            var attributes = catalog.NextProduct();
            var record = new ProductRecord($"p{i:D4}", null, attributes.Category, attributes.Attributes,
                [.. Enumerable.Range(0, random.Next(4)).Select(_ => SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dim)))]);
            index.Upsert(record);
            products[record.Id] = (record, attributes);
        }
        foreach (var id in products.Keys.Where((_, i) => i % 9 == 4).ToList())
        {
            index.Remove(id);
            products.Remove(id);
        }

        var filters = new RandomFilters(23);
        FilterKey[] facetKeys = [FilterKey.Category, FilterKey.Attribute("colour"), FilterKey.Attribute("tags"), FilterKey.Attribute("price")];
        var selective = 0;
        for (var f = 0; f < 50; f++)
        {
            var json = filters.Next();
            using var document = JsonDocument.Parse(json.ToJsonString());
            var (filter, error) = ProductFilter.Parse(document.RootElement);
            Assert.Null(error);
            var kept = products.Values.Where(p => NaiveFilter.Matches(json, p.Attributes)).ToList();
            if (kept.Count > 0 && kept.Count < products.Count) selective++;

            var query = RandomVectors.Unit(random, Dim);
            var hits = index.Search(new ShardQuery([RandomVectors.Query("image", 1f, query)], 25, filter));
            var expected = kept
                .Where(p => p.Record.CountIn("image") > 0)
                .Select(p => (p.Record.Id, Score: p.Record.VectorsOf("image").Max(v => RandomVectors.NaiveDot(query, v.Values))))
                .OrderByDescending(p => p.Score).ThenBy(p => p.Id, StringComparer.Ordinal)
                .Take(25).ToList();
            Assert.Equal(expected.Select(e => e.Id), hits.Select(h => h.Id));

            var facets = index.CountFacets(filter, facetKeys);
            foreach (var key in facetKeys)
            {
                var naive = kept.SelectMany(p => NaiveFilter.Scalars(p.Attributes, key.ToString()))
                    .GroupBy(v => (v.Kind, v.ToString())).ToDictionary(g => g.Key, g => (long)g.Count());
                var actual = facets.Single(k => k.Key == key.ToString()).Values.ToDictionary(v => (v.Kind, v.Value), v => v.Count);
                Assert.Equal(naive.OrderBy(p => p.Key.ToString()), actual.OrderBy(p => p.Key.ToString()));
            }
        }
        Assert.True(selective >= 20, $"only {selective} of 50 filters kept some but not all products");
    }
}
