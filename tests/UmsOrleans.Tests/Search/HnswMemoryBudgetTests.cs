using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Ann;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// An HNSW graph's nodes are reserved from the memory budget like the vectors they index: a graph that does not fit
/// refuses the build (the load) or the upsert, naming the budget's setting; removals and dropping the shard give the
/// reservation back.
/// </summary>
public sealed class HnswMemoryBudgetTests
{
    private const int Dim = 32;
    private const int Products = 300;

    private static readonly long BytesPerRow = AnnRows.EstimateBytesPerRow(Dim, AnnIndexSpec.DefaultM);

    [Fact]
    public void A_budget_one_byte_short_of_the_graph_refuses_the_build_naming_the_setting_and_one_that_fits_builds()
    {
        var products = RandomProducts(new Random(1), Products);
        var loaded = LoadedBytes(products);
        var graph = Products * BytesPerRow;

        var tight = new MemoryBudget(loaded + graph - 1);
        var refused = Load(products, tight);
        var error = Assert.Throws<MemoryBudgetExceededException>(() => refused.BuildAnn());
        Assert.Contains(MemoryBudgetExceededException.SettingName, error.Message);
        Assert.Equal(graph, error.RequestedBytes);
        Assert.False(refused.HasAnn);
        Assert.Equal(loaded, tight.ReservedBytes);

        var enough = new MemoryBudget(loaded + graph);
        var built = Load(products, enough);
        built.BuildAnn();
        Assert.True(built.HasAnn);
        Assert.Equal(loaded + graph, enough.ReservedBytes);
    }

    [Fact]
    public void An_upsert_whose_graph_node_does_not_fit_is_refused_before_anything_changes()
    {
        var products = RandomProducts(new Random(2), Products);
        var extra = RandomProducts(new Random(3), 1, prefix: "new")[0];
        // Room for the new product's side structures and its vector (300 rows fill part of one block), one byte short of its node.
        var slack = ShardIndex.SideEstimate(extra) + BytesPerRow - 1;
        var budget = new MemoryBudget(LoadedBytes(products) + Products * BytesPerRow + slack);
        var index = Load(products, budget);
        index.BuildAnn();
        var built = budget.ReservedBytes;

        Assert.Throws<MemoryBudgetExceededException>(() => index.ReserveFor([extra]));
        Assert.Throws<MemoryBudgetExceededException>(() => index.Upsert(extra));
        Assert.False(index.Contains(extra.Id));
        Assert.Equal(built, budget.ReservedBytes);

        // The same slack takes the product into a flat shard, and a replacement with as many rows into this one.
        var flat = new ShardIndex([new VectorSpace("image", Dim)], budget: new MemoryBudget(LoadedBytes(products) + slack));
        foreach (var product in products) flat.Upsert(product);
        flat.Upsert(extra);
        index.Upsert(RandomProducts(new Random(4), 1)[0]);
    }

    [Fact]
    public void Removals_and_dropping_the_shard_give_the_graph_reservation_back()
    {
        var products = RandomProducts(new Random(5), Products);
        var flatBudget = MemoryBudget.Unlimited;
        var flat = new ShardIndex([new VectorSpace("image", Dim)], budget: flatBudget);
        foreach (var product in products) flat.Upsert(product);
        var budget = MemoryBudget.Unlimited;
        var index = Load(products, budget);
        index.BuildAnn();
        var (flatBefore, before) = (flatBudget.ReservedBytes, budget.ReservedBytes);

        foreach (var shard in new[] { flat, index })
        {
            Assert.True(shard.Remove(products[7].Id));
            Assert.True(shard.Remove(products[8].Id));
        }

        Assert.Equal(2 * BytesPerRow, before - budget.ReservedBytes - (flatBefore - flatBudget.ReservedBytes));
        index.ReleaseMemory();
        Assert.Equal(0, budget.ReservedBytes);
    }

    /// <summary>What the products reserve in a shard without a graph (vector blocks and side structures).</summary>
    private static long LoadedBytes(List<ProductRecord> products)
    {
        var budget = MemoryBudget.Unlimited;
        Load(products, budget);
        return budget.ReservedBytes;
    }

    private static ShardIndex Load(List<ProductRecord> products, MemoryBudget budget)
    {
        var index = new ShardIndex([new VectorSpace("image", Dim)], budget: budget, index: AnnIndexSpec.Hnsw());
        foreach (var product in products) index.Upsert(product);
        return index;
    }

    private static List<ProductRecord> RandomProducts(Random random, int count, string prefix = "p") =>
        [.. Enumerable.Range(0, count).Select(i => new ProductRecord(
            $"{prefix}{i:D4}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dim))]))];
}
