using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Performance;

// Heap measurements read the whole process's heap: the class runs alone, after the parallel collections.
[Collection(HeapMeasurementCollection.Name)]
public class MemoryBudgetTests
{
    private const int Dim = 16;
    private static readonly long BlockBytes = (long)VectorColumn.BlockRows * Dim * sizeof(float);

    [Fact]
    public void A_load_past_the_budget_is_refused_before_anything_changes_and_names_the_setting()
    {
        // 512-d, so that a block (1 MB) dwarfs what the products' attribute and keyword structures are estimated at.
        const int dim = 512;
        var blockBytes = (long)VectorColumn.BlockRows * dim * sizeof(float);
        var first = Products(0, VectorColumn.BlockRows, dim);
        var budget = new MemoryBudget(blockBytes + blockBytes / 2 + first.Sum(ShardIndex.SideEstimate)); // one block fits, two do not
        var index = new ShardIndex([new VectorSpace("v", dim)], null, budget);
        index.ReserveFor(first);
        foreach (var p in first) index.Upsert(p);

        var more = Products(VectorColumn.BlockRows, 10, dim);
        var refused = Assert.Throws<MemoryBudgetExceededException>(() => index.ReserveFor(more));

        Assert.Contains("Ums:Memory:BudgetBytes", refused.Message);
        Assert.Equal(blockBytes + more.Sum(ShardIndex.SideEstimate), refused.RequestedBytes);
        Assert.Equal(VectorColumn.BlockRows, index.Count);
        Assert.Equal(blockBytes + index.SideBytes, budget.ReservedBytes);
        Assert.Throws<MemoryBudgetExceededException>(() => index.Upsert(more[0])); // a direct upsert is refused too
        Assert.Equal(VectorColumn.BlockRows, index.Count);
        index.Upsert(first[5] with { Title = "replaced" }); // replacing needs no new memory
    }

    [Fact]
    public void Memory_is_given_back_when_blocks_are_trimmed_and_when_the_index_is_released()
    {
        var budget = new MemoryBudget(0);
        var index = new ShardIndex([new VectorSpace("v", Dim)], QuantizationSpec.Int8(), budget);
        foreach (var p in Products(0, 5 * VectorColumn.BlockRows)) index.Upsert(p);
        var perBlock = BlockBytes + (long)VectorColumn.BlockRows * Dim; // float32 rows + int8 codes
        Assert.Equal(5 * perBlock, budget.ReservedBytes - index.SideBytes);

        for (var i = 0; i < 3 * VectorColumn.BlockRows; i++) index.Remove($"p{i}");
        Assert.Equal(3 * perBlock, budget.ReservedBytes - index.SideBytes); // 2 live blocks + 1 kept spare, as the columns keep
        Assert.Equal(budget.ReservedBytes, index.ReservedBytes);

        index.ReleaseMemory();
        Assert.Equal(0, budget.ReservedBytes);
    }

    [Theory]
    [InlineData(3 * VectorColumn.BlockRows)]
    [InlineData(1_375)] // the grocery catalog over 4 shards: a last block only partly filled
    [InlineData(2_500)] // 20,000 products over 8 shards
    [InlineData(12_500)] // 100,000 products over 8 shards
    public void Held_bytes_stay_within_1_2_times_the_raw_vector_bytes(int rows)
    {
        // Goal from the issue: bytes held per product ≤ 1.2 × raw vector bytes (512-d, ids like real ones).
        const int dim = 512;
        var index = new ShardIndex([new VectorSpace("v", dim)]);
        var random = new Random(1);
        for (var i = 0; i < rows; i++)
        {
            index.Upsert(new ProductRecord($"sku-{i:D8}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, dim))]));
        }
        // The vector storage; the attribute columns and keyword index are measured on their own (bench verbs filter, keyword).
        Assert.InRange((index.MemoryBytes - index.SideBytes) / (double)((long)rows * dim * sizeof(float)), 1.0, 1.2);
    }

    [Theory]
    [InlineData(2_500, false)] // 20,000 products over 8 shards: a last block only partly filled
    [InlineData(12_500, false)] // 100,000 products over 8 shards
    [InlineData(2_500, true)] // int8 codes beside the float32 rows
    public void The_estimate_and_the_budget_reservation_match_the_heap_the_index_holds(int rows, bool int8)
    {
        const int dim = 512;
        Build(16, dim, int8, new Random(0)); // JIT and first-use statics out of the measurement
        // The heap is the process's: other test classes' clusters and gateways allocate and free on their own threads
        // meanwhile. Three builds are measured and the median kept, so one disturbed sample cannot decide.
        var samples = new List<(long Held, ShardIndex Index)>();
        for (var sample = 0; sample < 3; sample++)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var built = Build(rows, dim, int8, new Random(rows));
            samples.Add((GC.GetTotalMemory(forceFullCollection: true) - before, built));
        }
        var (held, index) = samples.OrderBy(s => s.Held).ElementAt(1);

        // The budget reserves the vector blocks only: the heap holds at least that, and the rest (ids, titles,
        // the id map) is small beside 512-d vectors.
        Assert.InRange(held, index.ReservedBytes, (long)(index.ReservedBytes * 1.1));
        // The estimate counts the blocks exactly and the strings and the id map approximately: the map's spare
        // capacity (its entries grow by doubling) is not counted, measured here at 16-25 bytes a row, about 1 %
        // of a 512-d row. So: at most 4 % under the measured heap and 3 % over it (over: the other classes' threads,
        // above; 1.2 % was seen in a full run), where forgetting the int8 codes (20 %) or the per-row arrays and
        // strings (about 5 %) would fall outside.
        Assert.InRange(index.MemoryBytes / (double)held, 0.96, 1.03);
    }

    private static ShardIndex Build(int rows, int dim, bool int8, Random random)
    {
        var index = new ShardIndex([new VectorSpace("v", dim)], int8 ? QuantizationSpec.Int8() : null);
        for (var i = 0; i < rows; i++)
        {
            index.Upsert(new ProductRecord($"sku-{i:D8}", null, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, dim))]));
        }
        return index;
    }

    private static List<ProductRecord> Products(int start, int count, int dim = Dim)
    {
        var random = new Random(start);
        return Enumerable.Range(start, count).Select(i => new ProductRecord($"p{i}", null, null,
            ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("v", RandomVectors.Unit(random, dim))])).ToList();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    public const string Name = "heap-measurement";
}
