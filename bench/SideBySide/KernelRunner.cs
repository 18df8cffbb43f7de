using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.SideBySide;

/// <summary>
/// Our side of the side-by-side run, one thread: streaming read bandwidth over the vectors in the index's block
/// layout (a copy, dropped before the index is loaded),
/// then exact search (one query; batches of 32 and 256; k = 10) through <see cref="ShardIndex"/> including the
/// top-k, then the same with int8 codes + float32 rescore, and the int8 answers' recall@10 against the exact ones.
/// Prints one JSON line per case with every sample.
/// </summary>
public static class KernelRunner
{
    public const int K = 10;

    /// <summary>Queries whose int8 answers are checked against the exact ones (in int8 batches of up to 8).</summary>
    private const int RecallQueries = 64;

    public static int Run(Args args)
    {
        var dir = args.String("dir", "/tmp/ums-bench/v");
        var repeats = args.Int("repeats", 5);
        var meta = VectorFiles.ReadMeta(dir);
        var queries = VectorFiles.ReadQueries(dir, meta);
        var bytes = (long)meta.Rows * meta.Dim * sizeof(float);

        Emit(meta, "bandwidth", 0, TimeBandwidth(dir, meta, repeats + 2), bytes);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var index = VectorFiles.LoadIndex(dir, meta, null);
        RunSearches(meta, index, queries, repeats, "fp32", bytes);
        var exact = index.SearchBatch(queries.Take(RecallQueries).Select(Query).ToList());
        index = null;
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        var quantized = VectorFiles.LoadIndex(dir, meta, QuantizationSpec.Int8(args.Int("oversample", QuantizationSpec.DefaultOversample)));
        RunSearches(meta, quantized, queries, repeats, "int8", bytes);
        var approximate = queries.Take(RecallQueries).Chunk(ShardIndex.Int8MaxBatch)
            .SelectMany(batch => quantized.SearchBatch(batch.Select(Query).ToList())).ToList();
        var recall = exact.Zip(approximate, (e, a) => e.Select(c => c.Id).Intersect(a.Select(c => c.Id)).Count() / (double)e.Length).Average();
        Console.WriteLine(JsonSerializer.Serialize(new { side = "ums", @case = "int8-recall@10", rows = meta.Rows, dim = meta.Dim, queries = exact.Length, recall }));
        return 0;
    }

    /// <summary>Times <see cref="SumAll"/> over a copy of the vectors in the index's block layout; the copy is dropped on return.</summary>
    private static List<double> TimeBandwidth(string dir, VectorFiles.Meta meta, int repeats)
    {
        var copy = VectorFiles.LoadBlocks(dir, meta);
        return Time(repeats, () => SumAll(copy.Blocks));
    }

    private static void RunSearches(VectorFiles.Meta meta, ShardIndex index, float[][] queries, int repeats, string kind, long bytes)
    {
        var q = 0;
        Emit(meta, $"{kind}-single", 1, Time(repeats * 2, () => index.Search(Query(queries[q++ % queries.Length]))), bytes);
        // Batches above ShardIndex.Int8MaxBatch scan float32 even in an int8 index: only the small batch differs.
        foreach (var batch in kind == "int8" ? [ShardIndex.Int8MaxBatch] : new[] { 32, 256 })
        {
            var list = queries.Take(batch).Select(Query).ToList();
            Emit(meta, $"{kind}-batch{batch}", batch, Time(batch >= 256 ? Math.Max(3, repeats / 2) : repeats, () => index.SearchBatch(list)), bytes);
        }
    }

    private static ShardQuery Query(float[] values) =>
        new([new QueryVector("v", 1f, MemoryMarshal.AsBytes(values.AsSpan()).ToArray())], K);

    /// <summary>Runs once to warm up, then <paramref name="repeats"/> timed runs; milliseconds each.</summary>
    private static List<double> Time(int repeats, Action action)
    {
        action();
        var samples = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        return samples;
    }

    /// <summary>Streaming read: sums every float of every block with four accumulators (what a scan must at least do).</summary>
    internal static float SumAll(IEnumerable<float[]> blocks)
    {
        var total = Vector256<float>.Zero;
        foreach (var block in blocks)
        {
            ref var start = ref MemoryMarshal.GetArrayDataReference(block);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            var i = 0;
            for (; i <= block.Length - 32; i += 32)
            {
                a0 += Vector256.LoadUnsafe(ref start, (nuint)i);
                a1 += Vector256.LoadUnsafe(ref start, (nuint)(i + 8));
                a2 += Vector256.LoadUnsafe(ref start, (nuint)(i + 16));
                a3 += Vector256.LoadUnsafe(ref start, (nuint)(i + 24));
            }
            total += (a0 + a1) + (a2 + a3);
        }
        return Vector256.Sum(total);
    }

    private static void Emit(VectorFiles.Meta meta, string name, int batch, List<double> samples, long bytes)
    {
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            side = "ums",
            @case = name,
            rows = meta.Rows,
            dim = meta.Dim,
            batch,
            bytes,
            threads = 1,
            ms = samples,
        }));
    }
}
