using System.Collections.Immutable;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using UmsOrleans.Bench.Load;
using UmsOrleans.Bench.Micro.Baselines;
using UmsOrleans.Bench.SideBySide;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench.Micro;

/// <summary>
/// The shard kernel on 65,536 rows (128 MB at 512-d, 192 MB at 768-d: far beyond cache, so memory-bound like a
/// real shard). Each variant against the form it replaced: fused single-query scan vs score buffer + second pass;
/// wide 6-rows × 16-queries panels vs the tiled 3-rows × 4-queries form vs the 1 × 4 form; int8 codes + rescore vs
/// float32. The forms replaced live in <c>Baselines/</c> and scan a copy of the rows in the index's block layout.
/// Odd dimension 6·64+7 guards the tails. Medians (the machine is shared and noisy). Run: <c>dotnet run -c Release --project bench -- micro --filter '*'</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(MedianConfig))]
public class ShardKernelBenchmarks
{
    private const int Rows = 65_536;
    private ShardIndex _index = null!;
    private ShardIndex _quantized = null!;
    private BlockCopy _blocks = null!;
    private ShardQuery[] _queries = null!;
    private float[][] _raw = null!;
    private string[] _ids = null!;

    [Params(512, 768, 6 * 64 + 7)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        _index = new ShardIndex([new VectorSpace("v", Dim)]);
        _quantized = new ShardIndex([new VectorSpace("v", Dim)], QuantizationSpec.Int8());
        _blocks = new BlockCopy(Dim);
        _ids = new string[Rows];
        for (var i = 0; i < Rows; i++)
        {
            var vector = SyntheticCatalog.Unit(random, Dim);
            var product = new ProductRecord($"p{i}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", vector)]);
            _index.Upsert(product);
            _blocks.Add(vector);
            _quantized.Upsert(product);
            _ids[i] = product.Id;
        }
        _raw = Enumerable.Range(0, 32).Select(_ => SyntheticCatalog.Unit(random, Dim)).ToArray();
        _queries = _raw.Select(q => new ShardQuery([new QueryVector("v", 1f, MemoryMarshal.AsBytes(q.AsSpan()).ToArray())], KernelRunner.K)).ToArray();
    }

    [Benchmark(Description = "read bandwidth (sum)")]
    public float ReadBandwidth() => KernelRunner.SumAll(_blocks.Blocks);

    [Benchmark(Description = "1 query: fused scan", Baseline = true)]
    public RankedCandidate[] SingleFused() => _index.Search(_queries[0]);

    [Benchmark(Description = "1 query: score buffer + pass (before)")]
    public RankedCandidate[] SingleBuffered()
    {
        var collector = new TopKCollector(KernelRunner.K);
        var scores = new float[VectorColumn.BlockRows];
        var slot = 0;
        foreach (var block in _blocks.Blocks)
        {
            var rows = Math.Min(VectorColumn.BlockRows, Rows - slot);
            Array.Clear(scores);
            ScoreBufferKernel.AccumulateScores(_raw[0], block, rows, 1f, scores);
            for (var i = 0; i < rows; i++) collector.Offer(scores[i], slot + i, _ids);
            slot += rows;
        }
        return collector.ToSortedArray();
    }

    [Benchmark(Description = "32 queries: wide 6x16 panels")]
    public RankedCandidate[][] Batch32Wide() => _index.SearchBatch(_queries);

    [Benchmark(Description = "32 queries: tiled 3x4 (before)")]
    public RankedCandidate[][] Batch32Tiled()
    {
        var queries = QueryPanels.Pack(_raw.SelectMany(q => q).ToArray(), Dim, Enumerable.Repeat(1f, _raw.Length).ToArray(),
            Enumerable.Range(0, _raw.Length).ToArray(), panels: false);
        var collectors = _raw.Select(_ => new TopKCollector(KernelRunner.K)).ToArray();
        var tileRows = BatchDotKernel.TileRows(Dim * sizeof(float));
        var scores = new float[_raw.Length * tileRows];
        var slot = 0;
        foreach (var block in _blocks.Blocks)
        {
            var rows = Math.Min(VectorColumn.BlockRows, Rows - slot);
            for (var start = 0; start < rows; start += tileRows)
            {
                var count = Math.Min(tileRows, rows - start);
                Array.Clear(scores);
                BatchDotKernel.AccumulateScores(queries, block.AsSpan(start * Dim), count, scores, tileRows);
                for (var q = 0; q < _raw.Length; q++)
                {
                    for (var i = 0; i < count; i++) collectors[q].Offer(scores[q * tileRows + i], slot + start + i, _ids);
                }
            }
            slot += rows;
        }
        return collectors.Select(c => c.ToSortedArray()).ToArray();
    }

    [Benchmark(Description = "32 queries: 1x4 per block (before)")]
    public RankedCandidate[][] Batch32Dot4()
    {
        var collectors = _raw.Select(_ => new TopKCollector(KernelRunner.K)).ToArray();
        var scores = _raw.Select(_ => new float[VectorColumn.BlockRows]).ToArray();
        var slot = 0;
        foreach (var block in _blocks.Blocks)
        {
            var rows = Math.Min(VectorColumn.BlockRows, Rows - slot);
            foreach (var s in scores) Array.Clear(s);
            for (var q = 0; q < _raw.Length; q += 4)
            {
                FourQueryKernel.AccumulateScores(_raw[q], _raw[q + 1], _raw[q + 2], _raw[q + 3], block, rows, [1f, 1f, 1f, 1f],
                    scores[q], scores[q + 1], scores[q + 2], scores[q + 3]);
            }
            for (var q = 0; q < _raw.Length; q++)
            {
                for (var i = 0; i < rows; i++) collectors[q].Offer(scores[q][i], slot + i, _ids);
            }
            slot += rows;
        }
        return collectors.Select(c => c.ToSortedArray()).ToArray();
    }

    [Benchmark(Description = "1 query: int8 + rescore")]
    public RankedCandidate[] SingleInt8() => _quantized.Search(_queries[0]);

    [Benchmark(Description = "32 queries: int8 + rescore")]
    public RankedCandidate[][] Batch32Int8() => _quantized.SearchBatch(_queries);
}
