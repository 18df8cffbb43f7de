using System.Diagnostics;
using UmsOrleans.Bench.SideBySide;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Ann;

namespace UmsOrleans.Bench.Ann;

/// <summary>
/// HNSW against the exact scan on one shard, over the vectors of <c>make-vectors</c> (<c>--dir</c>; made with
/// <c>--intrinsic</c> for embedding-like data): the exact answers first (the same shard before its graph is built),
/// then the graph's build time and memory, then per <c>--efs</c> value recall@10 against the exact answers, the
/// single-thread p50 and q/s; q/s with one search per core at once only at the graph's own <c>--ef</c> (a query
/// with another ef changes the graph's setting, so such queries run one at a time per shard).
/// </summary>
public static class AnnRunner
{
    private const int K = 10;

    public static int Run(Args args)
    {
        var dir = args.String("dir", "/tmp/ums-bench/ann");
        var meta = VectorFiles.ReadMeta(dir);
        var rows = Math.Min(args.Int("rows", meta.Rows), meta.Rows);
        var spec = args.Hnsw();
        var efs = args.Ints("efs", [16, 32, 64, 128, 256]);
        var queries = VectorFiles.ReadQueries(dir, meta).Take(args.Int("queries", meta.Queries)).ToArray();
        Console.WriteLine($"{rows:N0} × {meta.Dim} (intrinsic {(meta.Intrinsic == 0 ? "full: uniform" : meta.Intrinsic)}), {queries.Length} queries, k = {K}, M = {spec.M}, efConstruction = {spec.EfConstruction}, graph vectors {spec.Precision.Name()}, {Environment.ProcessorCount} cores");

        var load = Stopwatch.StartNew();
        var index = VectorFiles.LoadIndex(dir, meta, null, rows, spec);
        Console.WriteLine($"loaded in {load.Elapsed.TotalSeconds:F1} s, {index.MemoryBytes / 1e6:F0} MB");

        var exactTimes = new List<double>();
        var truth = queries.Select(q => Timed(exactTimes, () => index.Search(Query(q, null))).Select(h => h.Id).ToHashSet()).ToArray();
        Console.WriteLine($"| exact scan | 1.000 | {Median(exactTimes):F2} ms | {1000 / exactTimes.Average():F1} q/s |");

        var before = index.MemoryBytes;
        var residentBefore = ResidentBytes();
        var build = Stopwatch.StartNew();
        index.BuildAnn();
        var built = build.Elapsed; // before the collection ResidentBytes runs
        var resident = ResidentBytes() - residentBefore;
        Console.WriteLine($"graph built in {built.TotalSeconds:F1} s ({rows / built.TotalSeconds:F0} rows/s on {Environment.ProcessorCount} cores), +{(index.MemoryBytes - before) / 1e6:F0} MB ({(index.MemoryBytes - before) / (double)rows:F0} B/row) by the library's count, resident +{resident / 1e6:F0} MB ({resident / (double)rows:F0} B/row), budget estimate {AnnRows.EstimateBytesPerRow(meta.Dim, spec.M, spec.Precision)} B/row");

        Console.WriteLine("| ef | recall@10 | p50, 1 thread | q/s, 1 thread | q/s, all cores |");
        foreach (var ef in efs)
        {
            foreach (var q in queries.Take(20)) index.Search(Query(q, ef)); // warm-up
            var times = new List<double>();
            var recall = queries.Select((q, i) => Timed(times, () => index.Search(Query(q, ef))).Count(h => truth[i].Contains(h.Id)) / (double)K).Average();
            var allCores = "one at a time (not the graph's ef)";
            if (ef == spec.Ef)
            {
                var parallel = Stopwatch.StartNew();
                Parallel.For(0, queries.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => index.Search(Query(queries[i % queries.Length], ef)));
                allCores = $"{queries.Length * 4 / parallel.Elapsed.TotalSeconds:F0}";
            }
            Console.WriteLine($"| {ef} | {recall:F3} | {Median(times):F3} ms | {1000 / times.Average():F0} | {allCores} |");
        }
        return 0;
    }

    /// <summary>The process's resident memory after a full collection, so the managed heap's slack does not count.</summary>
    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static ShardQuery Query(float[] values, int? ef) => new([QueryOf(values)], K, Ef: ef);

    private static QueryVector QueryOf(float[] values) =>
        new("v", 1f, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    private static T Timed<T>(List<double> times, Func<T> action)
    {
        var watch = Stopwatch.StartNew();
        var result = action();
        times.Add(watch.Elapsed.TotalMilliseconds);
        return result;
    }

    private static double Median(List<double> times) => times.Order().ElementAt(times.Count / 2);
}
