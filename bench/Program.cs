using BenchmarkDotNet.Running;
using UmsOrleans.Bench.Load;
using UmsOrleans.Bench.SideBySide;

namespace UmsOrleans.Bench;

/// <summary>
/// dotnet bench/bin/Release/net10.0/UmsOrleans.Bench.dll &lt;verb&gt; [--name value …] (see bench/README.md):
/// micro (BenchmarkDotNet), make-vectors, kernel (side-by-side, our side), load (end to end), memory,
/// resnet-batch (the default image model: batch-1 runs against a symbolic batch dimension), filter (attribute
/// filters and facets on one shard's columns), keyword (BM25 over synthetic titles), products (grouped, filtered,
/// keyword and hybrid search on one shard), adapters (what an active adapter costs a shard), ann (HNSW against the exact scan), ann-persist (a saved
/// HNSW graph against a rebuild), ivf (an inverted file over the int8 kernels, the graph's measured alternative), vl-towers (an imported
/// vision-language model's towers and OCR), fanout (per-shard fan-out cost on a multi-process cluster), slow-replica (what one slow replica costs searches), reshard (a resharding under searches and writes), capacity
/// (the capacity model's table from measured inputs).
/// </summary>
public static class BenchProgram
{
    public static async Task<int> Main(string[] args) => args.FirstOrDefault() switch
    {
        "micro" => RunMicro(args[1..]),
        "make-vectors" => VectorFiles.Make(Args.Parse(args[1..])),
        "kernel" => KernelRunner.Run(Args.Parse(args[1..])),
        "load" => await LoadRunner.RunAsync(Args.Parse(args[1..])),
        "memory" => MemoryRunner.Run(Args.Parse(args[1..])),
        "resnet-batch" => Encoders.ResNetBatchRunner.Run(Args.Parse(args[1..])),
        "encoders" => await Encoders.EncoderThroughputRunner.RunAsync(Args.Parse(args[1..])),
        "filter" => Filtering.FilterRunner.Run(Args.Parse(args[1..])),
        "keyword" => Keyword.KeywordRunner.Run(Args.Parse(args[1..])),
        "products" => Products.ProductSearchRunner.Run(Args.Parse(args[1..])),
        "adapters" => Adapters.AdapterProjectionRunner.Run(Args.Parse(args[1..])),
        "ann" => Ann.AnnRunner.Run(Args.Parse(args[1..])),
        "ann-persist" => Ann.AnnPersistenceRunner.Run(Args.Parse(args[1..])),
        "ivf" => Ann.IvfRunner.Run(Args.Parse(args[1..])),
        "vl-towers" => await Encoders.VlTowerRunner.RunAsync(Args.Parse(args[1..])),
        "fanout" => await Fanout.FanoutRunner.RunAsync(Args.Parse(args[1..])),
        "slow-replica" => await Replicas.SlowReplicaRunner.RunAsync(Args.Parse(args[1..])),
        "reshard" => await Replicas.ReshardRunner.RunAsync(Args.Parse(args[1..])),
        "capacity" => Capacity.CapacityModel.Run(Args.Parse(args[1..])),
        _ => Usage(),
    };

    private static int RunMicro(string[] rest)
    {
        BenchmarkSwitcher.FromAssembly(typeof(BenchProgram).Assembly).Run(rest);
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("verbs: micro | make-vectors | kernel | load | memory | resnet-batch | encoders | filter | keyword | products | adapters | ann | ann-persist | ivf | vl-towers | fanout | slow-replica | reshard | capacity (see bench/README.md)");
        return 2;
    }
}
