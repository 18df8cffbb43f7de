using UmsOrleans.Bench.Load;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Bench;

/// <summary>
/// Bytes held per product against raw vector bytes, for one shard index: its own accounting
/// (<see cref="ShardIndex.MemoryBytes"/>) and the GC heap growth it caused; then the budget: an index given
/// half the bytes it needs refuses the load with the error a user would see.
/// </summary>
public static class MemoryRunner
{
    public static int Run(Args args)
    {
        var rows = args.Int("rows", 200_000);
        var dim = args.Int("dim", 512);
        var raw = (long)rows * dim * sizeof(float);
        Console.WriteLine("| vectors | dim | quantization | index accounting ÷ raw | GC heap growth ÷ raw | bytes/product (heap) |");
        Console.WriteLine("|---:|---:|---|---:|---:|---:|");
        foreach (var quantization in new[] { QuantizationSpec.None, QuantizationSpec.Int8() })
        {
            var (accounted, heap) = Measure(rows, dim, quantization);
            Console.WriteLine($"| {rows:N0} | {dim} | {quantization.Type} | {accounted / (double)raw:F3} | {heap / (double)raw:F3} | {heap / (double)rows:F0} |");
        }
        var budget = new MemoryBudget(raw / 2);
        try
        {
            Load(rows, dim, QuantizationSpec.None, budget);
            Console.WriteLine("budget NOT enforced: the load fit in half its size");
            return 1;
        }
        catch (MemoryBudgetExceededException exception)
        {
            Console.WriteLine($"\nWith a budget of {budget.LimitBytes:N0} bytes the load stops with: {exception.Message}");
            return 0;
        }
    }

    // Its own frame, so the index is unreachable once it returns and cannot inflate the next measurement.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (long Accounted, long Heap) Measure(int rows, int dim, QuantizationSpec quantization)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = Load(rows, dim, quantization, MemoryBudget.Unlimited);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var accounted = index.MemoryBytes;
        GC.KeepAlive(index);
        return (accounted, after - before);
    }

    private static ShardIndex Load(int rows, int dim, QuantizationSpec quantization, MemoryBudget budget)
    {
        var index = new ShardIndex([new VectorSpace("image", dim)], quantization, budget);
        foreach (var batch in SyntheticCatalog.Batches(rows, dim, 8192, seed: 3))
        {
            index.ReserveFor(batch);
            foreach (var product in batch)
            {
                index.Upsert(product with { Vectors = [new SpaceVector("image", product.Vectors[0].Data)] });
            }
        }
        return index;
    }
}
