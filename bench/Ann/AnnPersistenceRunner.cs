using System.Collections.Immutable;
using System.Diagnostics;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Ann;

/// <summary>
/// <c>ann-persist [--rows 50000] [--dim 512]</c>: one shard's HNSW graph (m 16, efConstruction 200) over seeded random
/// unit vectors: build time, save time and file size, and the time to start from the saved file (with its checks and
/// the reconciliation against the rows loaded) instead of rebuilding.
/// </summary>
public static class AnnPersistenceRunner
{
    public static int Run(Args args)
    {
        var rows = args.Int("rows", 50_000);
        var dim = args.Int("dim", 512);
        var directory = Directory.CreateTempSubdirectory("ums-ann-persist-").FullName;
        try
        {
            var random = new Random(1);
            var products = Enumerable.Range(0, rows).Select(i => new ProductRecord($"p{i:D7}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
                [SpaceVector.FromFloats("image", Unit(random, dim))])).ToList();

            var built = Load(products, dim);
            var clock = Stopwatch.StartNew();
            built.BuildAnn();
            var build = clock.Elapsed;
            clock.Restart();
            built.SaveAnn(directory);
            var save = clock.Elapsed;
            var bytes = Directory.GetFiles(directory).Sum(f => new FileInfo(f).Length);

            var loaded = Load(products, dim);
            clock.Restart();
            var start = loaded.BuildAnn(directory).Single();
            var fromFile = clock.Elapsed;
            if (!start.FromSaved) throw new InvalidOperationException($"the saved graph was not used: {start.Unused}");

            Console.WriteLine($"machine: {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");
            Console.WriteLine("| rows × dim | build | save (file size) | start from the saved file |");
            Console.WriteLine("|---|---:|---:|---:|");
            Console.WriteLine($"| {rows:N0} × {dim} | {build.TotalSeconds:F1} s ({rows / build.TotalSeconds:F0} rows/s) | {save.TotalSeconds:F2} s ({bytes / 1e6:F0} MB) | {fromFile.TotalSeconds:F2} s |");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static ShardIndex Load(List<ProductRecord> products, int dim)
    {
        var index = new ShardIndex([new VectorSpace("image", dim)], index: AnnIndexSpec.Hnsw());
        foreach (var product in products) index.Upsert(product);
        return index;
    }

    private static float[] Unit(Random random, int dim)
    {
        var vector = new float[dim];
        for (var i = 0; i < dim; i++) vector[i] = (float)(random.NextDouble() * 2 - 1);
        System.Numerics.Tensors.TensorPrimitives.Divide(vector, System.Numerics.Tensors.TensorPrimitives.Norm(vector), vector);
        return vector;
    }
}
