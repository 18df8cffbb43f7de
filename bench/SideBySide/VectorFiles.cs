using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;
using UmsOrleans.Bench.Load;
using UmsOrleans.Bench.Micro.Baselines;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.SideBySide;

/// <summary>
/// The vectors both sides of the comparison read: <c>vectors.f32</c> (rows × dim little-endian float32, unit
/// length), <c>queries.f32</c> (queries × dim) and <c>meta.json</c>. Written once; numpy reads them with fromfile.
/// <c>--intrinsic n</c> (n &gt; 0) draws them from an n-dimensional subspace plus noise instead of uniformly (see
/// <see cref="Ann.LowRankVectors"/>): uniform directions have no neighbours worth the name, which only an exact scan handles.
/// </summary>
public static class VectorFiles
{
    public sealed record Meta(int Rows, int Dim, int Queries, int Seed, int Intrinsic = 0);

    public static int Make(Args args)
    {
        var dir = args.String("dir", "/tmp/ums-bench/v");
        var meta = new Meta(args.Int("rows", 1_000_000), args.Int("dim", 512), args.Int("queries", 256), args.Int("seed", 1), args.Int("intrinsic", 0));
        Directory.CreateDirectory(dir);
        var random = new Random(meta.Seed);
        Action<Random, Span<float>> fill = meta.Intrinsic > 0 ? new Ann.LowRankVectors(meta.Dim, meta.Intrinsic, meta.Seed).Fill : SyntheticCatalog.FillUnit;
        Write(Path.Combine(dir, "vectors.f32"), meta.Rows, meta.Dim, random, fill);
        Write(Path.Combine(dir, "queries.f32"), meta.Queries, meta.Dim, random, fill);
        File.WriteAllText(Path.Combine(dir, "meta.json"), JsonSerializer.Serialize(meta, JsonSerializerOptions.Web));
        Console.Error.WriteLine($"wrote {meta.Rows:N0} x {meta.Dim} vectors and {meta.Queries} queries to {dir}");
        return 0;
    }

    public static Meta ReadMeta(string dir) =>
        JsonSerializer.Deserialize<Meta>(File.ReadAllText(Path.Combine(dir, "meta.json")), JsonSerializerOptions.Web)!;

    public static float[][] ReadQueries(string dir, Meta meta)
    {
        var all = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, "queries.f32"))).ToArray();
        return Enumerable.Range(0, meta.Queries).Select(q => all.AsSpan(q * meta.Dim, meta.Dim).ToArray()).ToArray();
    }

    /// <summary>Streams the vectors file into a one-space shard index (ids <c>p{row}</c>), as shard upserts would.</summary>
    public static ShardIndex LoadIndex(string dir, Meta meta, QuantizationSpec? quantization, int? rows = null, AnnIndexSpec? ann = null)
    {
        var index = new ShardIndex([new VectorSpace("v", meta.Dim)], quantization, index: ann);
        foreach (var (row, values) in ReadRows(dir, meta, rows ?? meta.Rows))
        {
            index.Upsert(new ProductRecord($"p{row}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [new SpaceVector("v", values)]));
        }
        return index;
    }

    /// <summary>Reads the vectors file into a copy laid out in the index's blocks, for the read-bandwidth baseline.</summary>
    internal static BlockCopy LoadBlocks(string dir, Meta meta)
    {
        var copy = new BlockCopy(meta.Dim);
        foreach (var (_, bytes) in ReadRows(dir, meta, meta.Rows)) copy.Add(MemoryMarshal.Cast<byte, float>(bytes));
        return copy;
    }

    public static IEnumerable<(int Row, byte[] Bytes)> ReadRows(string dir, Meta meta, int rows)
    {
        using var file = File.OpenRead(Path.Combine(dir, "vectors.f32"));
        using var buffered = new BufferedStream(file, 1 << 22);
        for (var row = 0; row < rows; row++)
        {
            var bytes = new byte[meta.Dim * sizeof(float)];
            buffered.ReadExactly(bytes);
            yield return (row, bytes);
        }
    }

    private static void Write(string path, int rows, int dim, Random random, Action<Random, Span<float>> fill)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 22);
        var row = new float[dim];
        for (var r = 0; r < rows; r++)
        {
            fill(random, row);
            file.Write(MemoryMarshal.AsBytes(row.AsSpan()));
        }
    }
}
