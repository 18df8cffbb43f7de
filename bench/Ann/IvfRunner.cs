using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using UmsOrleans.Bench.SideBySide;

namespace UmsOrleans.Bench.Ann;

/// <summary>
/// The IVF alternative to the HNSW graph (<see cref="InvertedLists"/>) on the vectors of <c>make-vectors</c>: build time
/// (k-means on <c>--sample</c> rows, <c>--iterations</c>, <c>--lists</c>), then per <c>--probes</c> value recall@10 against
/// the exact answers, the single-thread p50 and q/s, and q/s with one search per core at once. Compare with <c>ann</c>
/// on the same directory and rows.
/// </summary>
public static class IvfRunner
{
    private const int K = 10;

    public static int Run(Args args)
    {
        var dir = args.String("dir", "/tmp/ums-bench/ann");
        var meta = VectorFiles.ReadMeta(dir);
        var rows = Math.Min(args.Int("rows", meta.Rows), meta.Rows);
        var lists = args.Int("lists", (int)Math.Round(Math.Sqrt(rows)));
        var rescore = args.Int("rescore", 100);
        var probes = args.Ints("probes", [8, 16, 32, 64, 128]);
        var queries = VectorFiles.ReadQueries(dir, meta).Take(args.Int("queries", meta.Queries)).ToArray();
        Console.WriteLine($"IVF: {rows:N0} × {meta.Dim} (intrinsic {meta.Intrinsic}), {queries.Length} queries, k = {K}, {lists} lists, int8 scan, float32 rescore of the best {rescore}, {Environment.ProcessorCount} cores");

        var data = new float[(long)rows * meta.Dim];
        foreach (var (row, bytes) in VectorFiles.ReadRows(dir, meta, rows)) MemoryMarshal.Cast<byte, float>(bytes).CopyTo(data.AsSpan(row * meta.Dim, meta.Dim));
        var truth = queries.Select(q => Exact(data, meta.Dim, q)).ToArray();

        var build = Stopwatch.StartNew();
        var index = InvertedLists.Build(data, meta.Dim, lists, args.Int("sample", 65_536), args.Int("iterations", 10), meta.Seed, line => Console.Error.WriteLine(line));
        Console.WriteLine($"built in {build.Elapsed.TotalSeconds:F1} s ({rows / build.Elapsed.TotalSeconds:F0} rows/s on {Environment.ProcessorCount} cores), largest list {index.LargestList:N0} rows, int8 codes {index.CodeBytes / 1e6:F0} MB");
        data = null;
        GC.Collect();

        Console.WriteLine("| probes | rows scanned | recall@10 | p50, 1 thread | q/s, 1 thread | q/s, all cores |");
        foreach (var probe in probes)
        {
            foreach (var q in queries.Take(20)) index.Search(q, probe, K, rescore); // warm-up
            var times = new List<double>();
            var recall = queries.Select((q, i) =>
            {
                var watch = Stopwatch.StartNew();
                var found = index.Search(q, probe, K, rescore);
                times.Add(watch.Elapsed.TotalMilliseconds);
                return found.Count(truth[i].Contains) / (double)K;
            }).Average();
            var parallel = Stopwatch.StartNew();
            Parallel.For(0, queries.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => index.Search(queries[i % queries.Length], probe, K, rescore));
            var allCores = queries.Length * 4 / parallel.Elapsed.TotalSeconds;
            Console.WriteLine($"| {probe} | ~{(long)rows * probe / lists:N0} | {recall:F3} | {times.Order().ElementAt(times.Count / 2):F3} ms | {1000 / times.Average():F0} | {allCores:F0} |");
        }
        return 0;
    }

    /// <summary>The ids of the exact top k by dot product, as <c>p{row}</c>.</summary>
    private static HashSet<string> Exact(float[] data, int dim, float[] query)
    {
        var count = data.Length / dim;
        var scores = new float[count];
        Parallel.For(0, count, r => scores[r] = TensorPrimitives.Dot(query, data.AsSpan(r * dim, dim)));
        var best = new PriorityQueue<int, float>(K + 1); // the worst kept one first
        for (var r = 0; r < count; r++)
        {
            if (best.Count == K && best.TryPeek(out _, out var worst) && scores[r] <= worst) continue;
            best.Enqueue(r, scores[r]);
            if (best.Count > K) best.Dequeue();
        }
        return [.. best.UnorderedItems.Select(item => $"p{item.Element}")];
    }
}
