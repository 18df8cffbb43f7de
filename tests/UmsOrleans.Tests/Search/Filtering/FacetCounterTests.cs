using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Tests.Search.Filtering;

/// <summary>Facet counts against plain counting over the products, with and without a filter, and merged over partitions.</summary>
public class FacetCounterTests
{
    private static readonly string[] FacetKeys =
        ["category", .. RandomCatalog.Keys.Select(k => "attributes." + k.Name), "attributes.nobody"];

    [Fact]
    public void Counts_equal_plain_counting_with_and_without_a_mask()
    {
        var catalog = new RandomCatalog(seed: 41);
        var products = Enumerable.Range(0, 2_000).Select(_ => catalog.NextProduct()).ToList();
        var columns = FilterEvaluationTests.Load(products);

        AssertCounts(NaiveCounts(products, _ => true), FacetCounter.Count(columns, Keys(), null, products.Count));
        foreach (var json in FilterEvaluationTests.NextFilters(seed: 42).Take(10))
        {
            var mask = FilterEvaluationTests.Parse(json).Evaluate(columns, products.Count);
            AssertCounts(NaiveCounts(products, slot => NaiveFilter.Matches(json, products[slot])), FacetCounter.Count(columns, Keys(), mask, products.Count));
        }
    }

    [Fact]
    public void Counts_merged_over_three_partitions_equal_counting_their_union()
    {
        var catalog = new RandomCatalog(seed: 51);
        var random = new Random(52);
        var products = Enumerable.Range(0, 2_000).Select(_ => catalog.NextProduct()).ToList();
        var partitions = Enumerable.Range(0, 3).Select(_ => new List<TestProduct>()).ToArray();
        foreach (var product in products) partitions[random.Next(3)].Add(product);
        var columns = partitions.Select(FilterEvaluationTests.Load).ToArray();

        foreach (var json in FilterEvaluationTests.NextFilters(seed: 53).Take(5))
        {
            var filter = FilterEvaluationTests.Parse(json);
            var perShard = columns.Select((c, i) => (IReadOnlyList<KeyFacets>)FacetCounter.Count(c, Keys(), filter.Evaluate(c, partitions[i].Count), partitions[i].Count));

            var merged = FacetCounter.Merge(perShard.ToList(), int.MaxValue);
            var top = FacetCounter.Merge(perShard.ToList());

            var expected = NaiveCounts(products, slot => NaiveFilter.Matches(json, products[slot]));
            AssertCounts(expected, merged);
            foreach (var facet in top)
            {
                var ordered = Ordered(expected[facet.Key]).Take(FacetCounter.DefaultValueLimit);
                Assert.Equal(ordered, facet.Values.Select(v => (v.Value, v.Kind, v.Count)));
            }
        }
    }

    [Fact]
    public void A_list_counts_each_distinct_element_once_and_kinds_stay_apart()
    {
        var columns = new AttributeColumns();
        columns.Set(0, "Milk", new Dictionary<string, AttributeValue>
        {
            ["tags"] = AttributeValue.ListOf([AttributeValue.Of("4"), AttributeValue.Of("4"), AttributeValue.Of(4), AttributeValue.Of(true), AttributeValue.Of(true)]),
        });
        columns.Set(1, "Milk", new Dictionary<string, AttributeValue> { ["tags"] = AttributeValue.Of(4) });

        var tags = Assert.Single(FacetCounter.Count(columns, [FilterKey.Attribute("tags")], null, 2));

        Assert.Equal(
            new[] { new FacetValueCount("4", AttributeKind.Number, 2), new FacetValueCount("4", AttributeKind.String, 1), new FacetValueCount("true", AttributeKind.Boolean, 1) },
            tags.Values.ToArray());
    }

    private static List<FilterKey> Keys() => [.. FacetKeys.Select(k => FilterKey.TryParse(k, out var key) ? key : throw new ArgumentException(k))];

    private static Dictionary<string, Dictionary<(string, AttributeKind), long>> NaiveCounts(IReadOnlyList<TestProduct> products, Func<int, bool> included)
    {
        var counts = FacetKeys.ToDictionary(k => k, _ => new Dictionary<(string, AttributeKind), long>());
        for (var slot = 0; slot < products.Count; slot++)
        {
            if (!included(slot)) continue;
            foreach (var key in FacetKeys)
            {
                foreach (var scalar in NaiveFilter.Scalars(products[slot], key))
                {
                    var value = (scalar.ToString(), scalar.Kind);
                    counts[key][value] = counts[key].GetValueOrDefault(value) + 1;
                }
            }
        }
        return counts;
    }

    private static IEnumerable<(string, AttributeKind, long)> Ordered(Dictionary<(string Value, AttributeKind Kind), long> counts) =>
        counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key.Value, StringComparer.Ordinal).ThenBy(p => p.Key.Kind).Select(p => (p.Key.Value, p.Key.Kind, p.Value));

    private static void AssertCounts(Dictionary<string, Dictionary<(string, AttributeKind), long>> expected, IReadOnlyList<KeyFacets> actual)
    {
        Assert.Equal(FacetKeys, actual.Select(f => f.Key));
        foreach (var facet in actual)
        {
            Assert.Equal(Ordered(expected[facet.Key]), facet.Values.Select(v => (v.Value, v.Kind, v.Count)));
        }
    }
}
