using BenchmarkDotNet.Attributes;
using UmsOrleans.Bench.Load;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Micro;

/// <summary>
/// <see cref="DotKernel.Dot"/> on its own: one query against 64 rows small enough to stay in L1/L2, so the
/// kernel's speed shows instead of memory bandwidth (which the 65,536-row scans in
/// <see cref="ShardKernelBenchmarks"/> measure). Dimensions below one vector, odd ones and the model sizes.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MedianConfig))]
public class DotKernelBenchmarks
{
    private const int Rows = 64;
    private float[] _query = null!;
    private float[] _rows = null!;

    [Params(7, 33, 391, 512, 768)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        _query = SyntheticCatalog.Unit(random, Dim);
        _rows = Enumerable.Range(0, Rows).SelectMany(_ => SyntheticCatalog.Unit(random, Dim)).ToArray();
    }

    [Benchmark(Description = "64 single dots, rows in cache")]
    public float SingleDots()
    {
        var sum = 0f;
        for (var i = 0; i < Rows; i++) sum += DotKernel.Dot(_query, _rows.AsSpan(i * Dim, Dim));
        return sum;
    }
}
