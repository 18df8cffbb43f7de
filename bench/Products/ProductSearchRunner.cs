using System.Collections.Immutable;
using System.Diagnostics;
using UmsOrleans.Bench.Keyword;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Filtering;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Bench.Products;

/// <summary>
/// The products issue's speed goals on one shard, one thread, single queries (p50 of <c>--queries</c>):
/// grouped (max-sim) search over N vectors held as N/photos products against the record-level scan of N one-photo
/// products; a filter keeping a fraction s of the products against the unfiltered scan; keyword search over the
/// products' titles; hybrid (vector + keyword, both top 100, reciprocal rank fusion) against vector-only.
/// </summary>
public static class ProductSearchRunner
{
    public static int Run(Args args)
    {
        var rows = args.Int("rows", 1_000_000);
        var dim = args.Int("dim", 512);
        var photos = args.Int("photos", 4);
        var queries = args.Int("queries", 40);
        var catalog = args.String("catalog", "../shared/datasets/grocery/catalog.jsonl");
        Console.WriteLine($"{rows:N0} vectors × {dim}, {photos} photos per grouped product, {queries} single queries, one thread, p50");

        var titles = new SyntheticTitles(catalog, seed: 5);
        var records = Build(rows, dim, 1, titles, out var buildRecords);
        Console.WriteLine($"record-level index: {rows:N0} products built in {buildRecords.TotalSeconds:F1} s, {records.MemoryBytes / (double)rows:F0} B/product");
        var random = new Random(9);
        var probes = Enumerable.Range(0, queries).Select(_ => Unit(random, dim)).ToList();
        var words = Enumerable.Range(0, queries).Select(_ => string.Join(' ', titles.NextTitle().Split(' ').Take(2))).ToList();

        var flat = P50(probes, q => records.Search(new ShardQuery([Query(q)], 10)));
        Console.WriteLine($"| record-level scan, k = 10 | {flat:F2} ms |");
        foreach (var share in new[] { 0.01, 0.1, 0.5 })
        {
            var filter = Below((int)(share * 100));
            var filtered = P50(probes, q => records.Search(new ShardQuery([Query(q)], 10, filter)));
            Console.WriteLine($"| filter keeping {share:P0} | {filtered:F2} ms | {filtered / flat:F2} × the unfiltered scan (goal ≤ {share + 0.1:F2}) |");
        }
        var keyword = P50(words, w => KeywordOnly(records, w, 10));
        Console.WriteLine($"| keyword (BM25, 2 words, k = 10) | {keyword:F2} ms | keyword index {records.SideBytes / (double)rows:F0} B/product with attributes |");
        var vectorTop100 = P50(probes, q => records.Search(new ShardQuery([Query(q)], 100)));
        var hybrid = P50(Enumerable.Range(0, queries).ToList(), i => Hybrid(records, probes[i], words[i]));
        Console.WriteLine($"| vector top 100 | {vectorTop100:F2} ms |");
        Console.WriteLine($"| hybrid (vector + keyword top 100, RRF) | {hybrid:F2} ms | {hybrid / vectorTop100:F2} × vector-only (goal ≤ 1.2) |");
        records = null!;
        GC.Collect();

        var grouped = Build(rows / photos, dim, photos, titles, out var buildGrouped);
        Console.WriteLine($"grouped index: {rows / photos:N0} products × {photos} photos built in {buildGrouped.TotalSeconds:F1} s");
        var maxSim = P50(probes, q => grouped.Search(new ShardQuery([Query(q)], 10)));
        Console.WriteLine($"| grouped (max-sim) scan, same {rows:N0} vectors | {maxSim:F2} ms | {maxSim / flat:F2} × the record-level scan (goal ≤ 1.1) |");
        return 0;
    }

    private static ShardIndex Build(int products, int dim, int photos, SyntheticTitles titles, out TimeSpan elapsed)
    {
        var watch = Stopwatch.StartNew();
        var index = new ShardIndex([new VectorSpace("image", dim)]);
        var random = new Random(products);
        for (var p = 0; p < products; p++)
        {
            var vectors = Enumerable.Range(0, photos).Select(_ => SpaceVector.FromFloats("image", Unit(random, dim))).ToImmutableArray();
            var attributes = ImmutableDictionary<string, AttributeValue>.Empty.Add("bucket", AttributeValue.Of(p % 100));
            index.Upsert(new ProductRecord($"p{p:D8}", titles.NextTitle(), null, attributes, vectors));
        }
        elapsed = watch.Elapsed;
        return index;
    }

    private static ProductFilter Below(int bucket)
    {
        using var document = System.Text.Json.JsonDocument.Parse($$$"""{"must": [{"key": "attributes.bucket", "range": {"lt": {{{bucket}}}}}]}""");
        return ProductFilter.Parse(document.RootElement).Filter!;
    }

    private static RankedCandidate[] KeywordOnly(ShardIndex index, string words, int k)
    {
        var query = KeywordQuery.Parse(words);
        return index.KeywordSearch(query, index.KeywordStatistics(query.Terms), KeywordFieldWeights.Default, k);
    }

    private static List<FusedHit> Hybrid(ShardIndex index, float[] vector, string words)
    {
        var vectorHits = index.Search(new ShardQuery([Query(vector)], 100));
        var keywordHits = KeywordOnly(index, words, 100);
        return HybridFusion.ReciprocalRank([.. vectorHits.Select(h => h.Id)], [.. keywordHits.Select(h => h.Id)]);
    }

    internal static double P50<T>(IReadOnlyList<T> inputs, Func<T, object> run)
    {
        run(inputs[0]); // warm-up
        var times = inputs.Select(input =>
        {
            var start = Stopwatch.GetTimestamp();
            run(input);
            return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }).Order().ToList();
        return times[times.Count / 2];
    }

    internal static QueryVector Query(float[] values) => new("image", 1f, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    internal static float[] Unit(Random random, int dim)
    {
        var values = new float[dim];
        for (var i = 0; i < dim; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        System.Numerics.Tensors.TensorPrimitives.Divide(values, System.Numerics.Tensors.TensorPrimitives.Norm<float>(values), values);
        return values;
    }
}
