using System.Diagnostics;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Bench.Filtering;

/// <summary>
/// One shard's attribute columns with N synthetic products (category, brand, price, organic, tags on 30%, a key
/// on 1%): time to load, bytes per product by the columns' own accounting and by GC heap growth, then the median
/// time to evaluate a few filters and to count facets under a filter. One thread.
/// </summary>
public static class FilterRunner
{
    private static readonly string[] Filters =
    [
        """{"must": [{"key": "category", "match": "c7"}, {"key": "attributes.price", "range": {"gte": 10, "lt": 50}}]}""",
        """{"must": [{"key": "attributes.brand", "in": ["b1", "b2", "b3", "b4", "b5"]}, {"key": "attributes.organic", "match": true}]}""",
        """{"should": [{"key": "attributes.tags", "match": "t3"}, {"key": "attributes.rare", "exists": true}], "mustNot": [{"key": "category", "match": "c1"}]}""",
        """{"must": [{"key": "attributes.price", "range": {"gt": 5}}, {"should": [{"key": "category", "in": ["c1", "c2", "c3"]}, {"key": "attributes.brand", "match": "b9"}]}]}""",
    ];

    public static int Run(Args args)
    {
        var products = args.Int("products", 1_000_000);
        var rounds = args.Int("rounds", 21);
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        var columns = Load(products);
        load.Stop();
        var heap = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"{products:N0} products loaded in {load.ElapsedMilliseconds} ms; MemoryBytes {columns.MemoryBytes / (double)products:F1} B/product, GC heap growth {heap / (double)products:F1} B/product");
        Console.WriteLine("| filter | matches | evaluate median ms | facets (category, brand, organic) under it, median ms |");
        Console.WriteLine("|---|---:|---:|---:|");
        FilterKey[] facetKeys = [FilterKey.Category, FilterKey.Attribute("brand"), FilterKey.Attribute("organic")];
        foreach (var json in Filters)
        {
            using var document = JsonDocument.Parse(json);
            var filter = ProductFilter.Parse(document.RootElement).Filter!;
            var mask = filter.Evaluate(columns, products);
            var evaluate = Median(rounds, () => filter.Evaluate(columns, products));
            var facets = Median(rounds, () => FacetCounter.Count(columns, facetKeys, mask, products));
            Console.WriteLine($"| `{json}` | {mask.Count:N0} | {evaluate:F2} | {facets:F2} |");
        }
        return 0;
    }

    private static AttributeColumns Load(int products)
    {
        var random = new Random(1);
        var columns = new AttributeColumns();
        columns.EnsureCapacity(products);
        for (var slot = 0; slot < products; slot++)
        {
            var attributes = new Dictionary<string, AttributeValue>
            {
                ["brand"] = AttributeValue.Of($"b{random.Next(2_000)}"),
                ["price"] = AttributeValue.Of(Math.Round(random.NextDouble() * 200, 2)),
                ["organic"] = AttributeValue.Of(random.Next(4) == 0),
            };
            if (random.Next(10) < 3) attributes["tags"] = AttributeValue.ListOf(Enumerable.Range(0, 1 + random.Next(3)).Select(_ => AttributeValue.Of($"t{random.Next(100)}")));
            if (random.Next(100) == 0) attributes["rare"] = AttributeValue.Of(random.Next(10));
            columns.Set(slot, $"c{random.Next(50)}", attributes);
        }
        return columns;
    }

    private static double Median(int rounds, Action action)
    {
        action();
        var times = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var watch = Stopwatch.StartNew();
            action();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        return times[rounds / 2];
    }
}
