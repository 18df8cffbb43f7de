using System.Diagnostics;
using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Bench.Keyword;

/// <summary>
/// keyword [--products 1000000] [--queries 300] [--k 100] [--catalog path]: tokenises and indexes synthetic titles
/// (<see cref="SyntheticTitles"/>) in one <see cref="KeywordIndex"/>, then times single queries of 2–3 words
/// (statistics + search, one thread) and prints p50/p95/p99, index bytes per product and tokenising speed.
/// </summary>
internal static class KeywordRunner
{
    public static int Run(Args args)
    {
        var products = args.Int("products", 1_000_000);
        var queryCount = args.Int("queries", 300);
        var k = args.Int("k", 100);
        var titles = new SyntheticTitles(args.String("catalog", "/work/shared/datasets/grocery/catalog.jsonl"), seed: 1);
        var texts = Enumerable.Range(0, products).Select(_ => titles.NextTitle()).ToArray();
        var ids = Enumerable.Range(0, products).Select(i => $"p{i:D7}").ToArray();
        Console.WriteLine($"{products:N0} titles, vocabulary {titles.VocabularySize:N0} words + 20,000 brands; e.g. \"{texts[0]}\", \"{texts[1]}\"");

        var watch = Stopwatch.StartNew();
        var sink = new CountingSink();
        foreach (var text in texts) KeywordAnalyzer.Analyze(text.AsSpan(), ref sink);
        Console.WriteLine($"tokenise: {watch.Elapsed.TotalMilliseconds:F0} ms for {products:N0} titles ({sink.Tokens:N0} terms, {products / watch.Elapsed.TotalSeconds:N0} titles/s)");

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var index = new KeywordIndex();
        watch.Restart();
        for (var slot = 0; slot < products; slot++) index.Set(slot, [new KeywordField(KeywordFieldNames.Title, texts[slot])]);
        var buildMs = watch.Elapsed.TotalMilliseconds;
        var heapBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Console.WriteLine($"index: {buildMs:F0} ms; MemoryBytes {index.MemoryBytes / 1e6:F1} MB ({(double)index.MemoryBytes / products:F0} B/product); " +
            $"managed heap grew {heapBytes / 1e6:F1} MB ({(double)heapBytes / products:F0} B/product)");

        var queries = Enumerable.Range(0, queryCount).Select(_ => KeywordQuery.Parse(titles.NextQuery())).ToArray();
        foreach (var query in queries.Take(30)) SearchOnce(index, ids, query, k);
        var times = new double[queries.Length];
        var hits = 0L;
        for (var q = 0; q < queries.Length; q++)
        {
            watch.Restart();
            hits += SearchOnce(index, ids, queries[q], k);
            times[q] = watch.Elapsed.TotalMilliseconds;
        }
        Array.Sort(times);
        Console.WriteLine($"search ({queryCount} queries of 2-3 words, k {k}, one thread): p50 {Percentile(times, 0.5):F2} ms, " +
            $"p95 {Percentile(times, 0.95):F2} ms, p99 {Percentile(times, 0.99):F2} ms, max {times[^1]:F2} ms; mean hits returned {hits / (double)queryCount:F1}");
        Console.WriteLine($"e.g. queries: {string.Join(" | ", queries.Take(5).Select(q => string.Join(' ', q.Terms)))}");
        return 0;
    }

    private static int SearchOnce(KeywordIndex index, string[] ids, KeywordQuery query, int k)
    {
        var statistics = KeywordStatistics.Merge(index.LocalStatistics(query.Terms));
        return index.Search(query, statistics, KeywordFieldWeights.Default, k, slot => ids[slot]).Length;
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];

    private struct CountingSink : ITokenSink
    {
        public long Tokens;

        public void Accept(ReadOnlySpan<char> token) => Tokens++;
    }
}
