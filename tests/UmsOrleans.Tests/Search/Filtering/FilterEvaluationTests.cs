using System.Text.Json;
using System.Text.Json.Nodes;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Tests.Search.Filtering;

/// <summary>Column evaluation against the plain per-product evaluator, on seeded random products and filters.</summary>
public class FilterEvaluationTests
{
    private const int ProductCount = 2_000;
    private const int FilterCount = 50;

    [Fact]
    public void Random_filters_select_exactly_the_products_a_plain_evaluation_selects()
    {
        var catalog = new RandomCatalog(seed: 11);
        var products = Enumerable.Range(0, ProductCount).Select(_ => catalog.NextProduct()).ToList();
        var columns = Load(products);
        var filters = NextFilters(seed: 12);

        var nonTrivial = 0;
        foreach (var json in filters)
        {
            var mask = Parse(json).Evaluate(columns, products.Count);
            AssertSameAsNaive(json, products, mask);
            if (mask.Count > 0 && mask.Count < products.Count) nonTrivial++;
        }
        // The generator must produce filters that split the catalog, or the comparison proves little; the rest
        // (all or nothing, often through mustNot or a kind mismatch) still check those paths.
        Assert.True(nonTrivial >= FilterCount * 2 / 5, $"only {nonTrivial} of {FilterCount} filters selected some but not all products.");
    }

    [Fact]
    public void Equality_holds_after_random_updates_swap_removes_and_clears()
    {
        var catalog = new RandomCatalog(seed: 21);
        var random = new Random(22);
        var products = Enumerable.Range(0, 600).Select(_ => catalog.NextProduct()).ToList();
        var columns = Load(products);
        var filters = NextFilters(seed: 23);

        for (var round = 0; round < 20; round++)
        {
            for (var step = 0; step < 100; step++)
            {
                var operation = random.Next(10);
                if (operation < 4 && products.Count > 0)
                {
                    // Delete by swap-remove: the last product moves into the freed slot.
                    var slot = random.Next(products.Count);
                    var last = products.Count - 1;
                    if (slot == last) columns.Clear(last);
                    else columns.Move(last, slot);
                    products[slot] = products[last];
                    products.RemoveAt(last);
                }
                else if (operation < 7 && products.Count > 0)
                {
                    var slot = random.Next(products.Count);
                    products[slot] = catalog.NextProduct();
                    columns.Set(slot, products[slot].Category, products[slot].Attributes);
                }
                else if (operation < 8 && products.Count > 0)
                {
                    // A cleared slot in the middle: a product with nothing.
                    var slot = random.Next(products.Count - 1);
                    columns.Clear(slot);
                    products[slot] = TestProduct.Empty;
                }
                else
                {
                    products.Add(catalog.NextProduct());
                    columns.Set(products.Count - 1, products[^1].Category, products[^1].Attributes);
                }
            }
            Assert.True(columns.Count <= products.Count);
            foreach (var json in filters.Take(10 + round)) AssertSameAsNaive(json, products, Parse(json).Evaluate(columns, products.Count));
        }
    }

    [Fact]
    public void Empty_filter_keeps_every_product_and_an_unknown_attribute_none()
    {
        var products = Enumerable.Range(0, 130).Select(_ => new RandomCatalog(5).NextProduct()).ToList();
        var columns = Load(products);

        Assert.Equal(130, Parse(new JsonObject()).Evaluate(columns, 130).Count);
        var unknown = Parse(JsonNode.Parse("""{"must": [{"key": "attributes.nobody", "match": "x"}]}""")!.AsObject());
        Assert.Equal(0, unknown.Evaluate(columns, 130).Count);
        var absent = Parse(JsonNode.Parse("""{"must": [{"key": "attributes.nobody", "exists": false}]}""")!.AsObject());
        Assert.Equal(130, absent.Evaluate(columns, 130).Count);
        Assert.False(absent.Evaluate(columns, 130).IsSet(130));
    }

    internal static AttributeColumns Load(IReadOnlyList<TestProduct> products)
    {
        var columns = new AttributeColumns();
        for (var slot = 0; slot < products.Count; slot++) columns.Set(slot, products[slot].Category, products[slot].Attributes);
        return columns;
    }

    internal static List<JsonObject> NextFilters(int seed)
    {
        var generator = new RandomFilters(seed);
        return Enumerable.Range(0, FilterCount).Select(_ => generator.Next()).ToList();
    }

    internal static ProductFilter Parse(JsonObject json)
    {
        using var document = JsonDocument.Parse(json.ToJsonString());
        var (filter, error) = ProductFilter.Parse(document.RootElement);
        Assert.Null(error);
        return filter!;
    }

    private static void AssertSameAsNaive(JsonObject json, IReadOnlyList<TestProduct> products, ProductMask mask)
    {
        Assert.Equal(products.Count, mask.Length);
        var expected = Enumerable.Range(0, products.Count).Where(slot => NaiveFilter.Matches(json, products[slot])).ToList();
        var actual = Enumerable.Range(0, products.Count).Where(mask.IsSet).ToList();
        Assert.True(expected.SequenceEqual(actual), $"filter {json.ToJsonString()}: expected {expected.Count} products, got {actual.Count}; first difference at slot {expected.Except(actual).Concat(actual.Except(expected)).FirstOrDefault()}.");
        Assert.Equal(expected.Count, mask.Count);
    }
}
