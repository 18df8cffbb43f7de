using System.Collections.Immutable;
using System.Diagnostics;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Bench.Products;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Adapters;

/// <summary>
/// What an active adapter costs a shard: re-projecting every product on activation (wall time, all cores), the memory
/// the projected vectors add, the extra time of writes that project as they go, and search latency through the adapter's
/// smaller space against the raw one (one thread, p50 of <c>--queries</c> single queries).
/// </summary>
public static class AdapterProjectionRunner
{
    public static int Run(Args args)
    {
        var products = args.Int("products", 1_000_000);
        var dim = args.Int("dim", 512);
        var output = args.Int("output", 80);
        var queries = args.Int("queries", 40);
        var writes = args.Int("writes", 20_000);
        Console.WriteLine($"{products:N0} products × {dim}-d photos, adapter {dim} → {output}, {Environment.ProcessorCount} cores");

        var random = new Random(3);
        var index = new ShardIndex([new VectorSpace("image", dim)]);
        for (var p = 0; p < products; p++) index.Upsert(Product($"p{p:D8}", random, dim));
        var rawBytes = index.MemoryBytes;
        var map = new LinearMap("image", dim, output, Raw(random, dim), Raw(random, dim * output));
        var adapter = new Adapter(AdapterKind.Adapt, "image.adapted", output, [map], new AdapterTraining("bench", 0, 0, 0, 0), [], 0);

        var clock = Stopwatch.StartNew();
        index.Install(index.PrepareProjection(new AdapterProjection(1, adapter)));
        var activation = clock.Elapsed;
        Console.WriteLine($"| re-projection on activation | {activation.TotalSeconds:F2} s | {products / activation.TotalSeconds:N0} products/s |");
        Console.WriteLine($"| memory added | {(index.MemoryBytes - rawBytes) / (double)products:F0} B/product | raw {rawBytes / (double)products:F0} B/product |");

        var fresh = Enumerable.Range(0, writes).Select(i => Product($"w{i:D8}", random, dim)).ToList();
        var plain = new ShardIndex([new VectorSpace("image", dim)]);
        clock.Restart();
        foreach (var product in fresh) plain.Upsert(product);
        var plainWrites = clock.Elapsed;
        clock.Restart();
        foreach (var product in fresh) index.Upsert(product);
        var projectedWrites = clock.Elapsed;
        Console.WriteLine($"| {writes:N0} upserts | {plainWrites.TotalMilliseconds / writes * 1000:F1} µs each without an adapter, {projectedWrites.TotalMilliseconds / writes * 1000:F1} µs with |");

        var probes = Enumerable.Range(0, queries).Select(_ => ProductSearchRunner.Unit(random, dim)).ToList();
        var raw = ProductSearchRunner.P50(probes, q => index.Search(Query(q)));
        var adapted = ProductSearchRunner.P50(probes, q => index.Search(Query(q) with { Adapter = 1 }));
        Console.WriteLine($"| search, k = 10 | raw {raw:F2} ms | through the adapter {adapted:F2} ms ({adapted / raw:F2} ×) |");
        return 0;
    }

    private static ShardQuery Query(float[] vector) => new([ProductSearchRunner.Query(vector)], 10);

    private static ProductRecord Product(string id, Random random, int dim) =>
        new(id, null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", ProductSearchRunner.Unit(random, dim))]);


    private static float[] Raw(Random random, int length) => [.. Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() * 2 - 1))];
}
