using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// A shard's HNSW graph saved with its key map and started from again: unchanged rows give the saved graph's exact
/// answers; a file older than later writes is reconciled (deleted products never come back, changed ones are found
/// at their new vectors); a damaged file is ignored and the graph rebuilt.
/// </summary>
public sealed class HnswPersistenceTests : IDisposable
{
    private const int Dim = 24;
    private const int Products = 3000;

    /// <summary>As in <see cref="HnswSearchTests"/>: the product's recall goal at the default ef.</summary>
    private const double MinRecallAt10 = 0.95;

    private readonly string _directory = Directory.CreateTempSubdirectory("ums-hnsw-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_graph_started_from_its_file_answers_exactly_as_the_graph_that_was_saved()
    {
        var products = RandomProducts(new Random(1), Products);
        var saved = Built(products);
        saved.SaveAnn(_directory);

        var loaded = Load(products);
        var start = Assert.Single(loaded.BuildAnn(_directory));

        Assert.True(start.FromSaved, start.Unused);
        Assert.Equal((Products, 0, 0), (start.Adopted, start.Added, start.Dropped));
        var random = new Random(2);
        for (var q = 0; q < 50; q++)
        {
            var query = Query(RandomVectors.Unit(random, Dim));
            Assert.Equal(Hits(saved, query), Hits(loaded, query));
        }
    }

    [Fact]
    public void A_file_older_than_later_writes_is_reconciled_with_the_rows_loaded()
    {
        var products = RandomProducts(new Random(3), Products);
        Built(products).SaveAnn(_directory);

        // After the save: 100 products deleted, 100 given new vectors, 100 new; the catalog reads them back in another order.
        var random = new Random(4);
        var deleted = products.Take(100).ToList();
        var changed = products.Skip(100).Take(100).Select(p => p with { Vectors = [SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dim))] }).ToList();
        var current = products.Skip(200).Concat(changed).Concat(RandomProducts(random, 100, "new")).OrderBy(_ => random.Next()).ToList();
        var loaded = Load(current);
        var start = Assert.Single(loaded.BuildAnn(_directory));

        Assert.True(start.FromSaved, start.Unused);
        Assert.Equal((Products - 200, 200, 200), (start.Adopted, start.Added, start.Dropped));
        foreach (var product in deleted)
        {
            Assert.DoesNotContain(loaded.Search(new ShardQuery([Query(product)], 20)), h => h.Id == product.Id);
        }
        foreach (var product in changed) Assert.Equal(product.Id, loaded.Search(new ShardQuery([Query(product)], 1))[0].Id);
        AssertRecall(current, loaded);
    }

    [Theory]
    [InlineData(".usearch")]
    [InlineData(".keys")]
    public void A_damaged_file_is_ignored_and_the_graph_rebuilt(string damaged)
    {
        var products = RandomProducts(new Random(5), Products);
        Built(products).SaveAnn(_directory);
        var file = Assert.Single(Directory.GetFiles(_directory, "*" + damaged));
        var bytes = File.ReadAllBytes(file);
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A;
        File.WriteAllBytes(file, bytes);

        var loaded = Load(products);
        var start = Assert.Single(loaded.BuildAnn(_directory));

        Assert.False(start.FromSaved);
        Assert.NotNull(start.Unused);
        Assert.Equal(Products, start.Added);
        AssertRecall(products, loaded);
    }

    [Theory]
    [InlineData(8, AnnIndexSpec.DefaultPrecision)]
    [InlineData(AnnIndexSpec.DefaultM, AnnPrecision.F16)]
    [InlineData(AnnIndexSpec.DefaultM, AnnPrecision.Bf16)]
    public void A_graph_saved_with_other_settings_is_not_used(int m, AnnPrecision precision)
    {
        var products = RandomProducts(new Random(6), 500);
        Built(products).SaveAnn(_directory);

        var other = new ShardIndex([new VectorSpace("image", Dim)], index: AnnIndexSpec.Hnsw(m: m, precision: precision));
        foreach (var product in products) other.Upsert(product);
        var start = Assert.Single(other.BuildAnn(_directory));

        Assert.False(start.FromSaved);
        Assert.Equal("no saved graph", start.Unused);
    }

    private static void AssertRecall(List<ProductRecord> products, ShardIndex hnsw)
    {
        var flat = new ShardIndex([new VectorSpace("image", Dim)]);
        foreach (var product in products) flat.Upsert(product);
        var random = new Random(7);
        var found = 0;
        for (var q = 0; q < 50; q++)
        {
            var query = Query(RandomVectors.Unit(random, Dim));
            var truth = flat.Search(new ShardQuery([query], 10)).Select(h => h.Id).ToHashSet();
            found += hnsw.Search(new ShardQuery([query], 10)).Count(h => truth.Contains(h.Id));
        }
        Assert.True(found / 500.0 >= MinRecallAt10, $"recall@10 {found / 500.0:F3} < {MinRecallAt10}");
    }

    private static List<(string Id, float Score)> Hits(ShardIndex index, QueryVector query) =>
        [.. index.Search(new ShardQuery([query], 10)).Select(h => (h.Id, h.Score))];

    private static ShardIndex Built(List<ProductRecord> products)
    {
        var index = Load(products);
        index.BuildAnn();
        return index;
    }

    private static ShardIndex Load(List<ProductRecord> products)
    {
        var index = new ShardIndex([new VectorSpace("image", Dim)], index: AnnIndexSpec.Hnsw());
        foreach (var product in products) index.Upsert(product);
        return index;
    }

    private static QueryVector Query(ProductRecord product) => Query(product.Vectors[0].Values.ToArray());

    private static QueryVector Query(float[] values) => RandomVectors.Query("image", 1f, values);

    private static List<ProductRecord> RandomProducts(Random random, int count, string prefix = "p") =>
        [.. Enumerable.Range(0, count).Select(i => new ProductRecord(
            $"{prefix}{i:D4}", null, null, ImmutableDictionary<string, AttributeValue>.Empty,
            [SpaceVector.FromFloats("image", RandomVectors.Unit(random, Dim))]))];
}
