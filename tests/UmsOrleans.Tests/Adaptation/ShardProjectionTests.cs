using System.Numerics.Tensors;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>
/// A shard holding an adapter's projection answers exactly what brute force over the projected vectors answers: on
/// activation and after every kind of write; an alignment lets text reach photo-only products; memory is accounted.
/// </summary>
public sealed class ShardProjectionTests
{
    private const int ImageDimension = 24;
    private const int TextDimension = 16;
    private const int AdaptedDimension = 8;
    private const int SharedDimension = 6;

    private static readonly VectorSpace[] Spaces = [new("image", ImageDimension), new("text", TextDimension)];

    [Fact]
    public void Searches_through_an_adaptation_equal_brute_force_over_projected_photos_before_and_after_writes()
    {
        var random = new Random(11);
        var adapter = TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension, AdaptedDimension));
        var products = Enumerable.Range(0, 300).Select(i => TestAdapters.Product(random, $"p{i}", photos: 1 + i % 4, withTitle: i % 3 == 0, ImageDimension, TextDimension)).ToList();
        var index = new ShardIndex(Spaces);
        foreach (var product in products) index.Upsert(product);
        index.Install(index.PrepareProjection(new AdapterProjection(1, adapter)));

        AssertMatchesBruteForce(index, products, adapter, random);

        // Writes after activation: new products, replaced photos, removed products and photos.
        var byId = products.ToDictionary(p => p.Id);
        for (var i = 0; i < 40; i++) byId[$"new{i}"] = TestAdapters.Product(random, $"new{i}", photos: 2, withTitle: false, ImageDimension, TextDimension);
        for (var i = 0; i < 300; i += 7) byId[$"p{i}"] = TestAdapters.Product(random, $"p{i}", photos: 3, withTitle: true, ImageDimension, TextDimension);
        for (var i = 1; i < 300; i += 5) byId.Remove($"p{i}");
        foreach (var product in byId.Values) index.Upsert(product);
        for (var i = 1; i < 300; i += 5) Assert.True(index.Remove($"p{i}"));

        AssertMatchesBruteForce(index, [.. byId.Values], adapter, random);
    }

    [Fact]
    public void An_alignment_lets_text_find_photo_only_products_and_photos_find_title_only_ones()
    {
        var random = new Random(12);
        var adapter = TestAdapters.Random(random, AdapterKind.Align, ("image", ImageDimension, SharedDimension), ("text", TextDimension, SharedDimension));
        var photoOnly = TestAdapters.Product(random, "photo-only", photos: 2, withTitle: false, ImageDimension, TextDimension);
        var titleOnly = TestAdapters.Product(random, "title-only", photos: 0, withTitle: true, ImageDimension, TextDimension);
        var index = new ShardIndex(Spaces);
        index.Upsert(photoOnly);
        index.Upsert(titleOnly);
        index.Install(index.PrepareProjection(new AdapterProjection(3, adapter)));

        // A text query aimed at the photo-only product's first photo through the shared space.
        var text = TextTowards(adapter, photoOnly.VectorsOf("image").First().Values.ToArray(), random);
        var textQuery = TestAdapters.Query("text", text) with { Adapter = 3 };
        Assert.DoesNotContain(index.Search(TestAdapters.Query("text", text)), c => c.Id == "photo-only");
        var throughAlignment = index.Search(textQuery);
        var found = Assert.Single(throughAlignment, c => c.Id == "photo-only");
        Assert.Equal(0, found.MatchedPhoto);
        // It has no title, so its score is its best photo's cosine in the shared space alone.
        var expected = photoOnly.VectorsOf("image").Max(v => Dot(adapter.Project("text", text), adapter.Project("image", v.Values)));
        Assert.Equal(expected, found.Score, 4);

        var photoQuery = TestAdapters.Query("image", RandomVectors.Unit(random, ImageDimension)) with { Adapter = 3 };
        Assert.Contains(index.Search(photoQuery), c => c.Id == "title-only");
        Assert.DoesNotContain(index.Search(photoQuery with { Adapter = null }), c => c.Id == "title-only");
    }

    [Fact]
    public void Projections_are_reserved_released_and_kept_out_of_the_spaces_a_shard_reports()
    {
        var random = new Random(13);
        var adapter = TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension, AdaptedDimension));
        var budget = new MemoryBudget(64L << 20);
        var index = new ShardIndex(Spaces, budget: budget);
        for (var i = 0; i < 100; i++) index.Upsert(TestAdapters.Product(random, $"p{i}", photos: 2, withTitle: true, ImageDimension, TextDimension));
        var before = budget.ReservedBytes;

        var prepared = index.PrepareProjection(new AdapterProjection(1, adapter));
        Assert.True(budget.ReservedBytes > before);
        index.Install(prepared);
        Assert.Equal([1], index.AdapterVersions);
        Assert.Equal(["image", "text"], index.Stats(0).VectorsPerSpace.Keys.Order());
        Assert.True(index.RemoveProjection(1));
        Assert.Equal(before, budget.ReservedBytes);
        Assert.Empty(index.AdapterVersions);
        Assert.Throws<ArgumentException>(() => index.ThroughAdapter(TestAdapters.Query("image", RandomVectors.Unit(random, ImageDimension)) with { Adapter = 1 }));

        // A projection that does not fit leaves nothing reserved.
        var tight = new MemoryBudget(budget.ReservedBytes + 1024);
        var small = new ShardIndex(Spaces, budget: tight);
        for (var i = 0; i < 100; i++) small.Upsert(TestAdapters.Product(random, $"p{i}", photos: 2, withTitle: false, ImageDimension, TextDimension));
        var reserved = tight.ReservedBytes;
        Assert.Throws<MemoryBudgetExceededException>(() => small.PrepareProjection(new AdapterProjection(1, TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension, ImageDimension)))));
        Assert.Equal(reserved, tight.ReservedBytes);
    }

    [Fact]
    public void A_projection_prepared_before_a_write_is_not_installed_and_an_unfitting_adapter_is_refused()
    {
        var random = new Random(14);
        var index = new ShardIndex(Spaces);
        index.Upsert(TestAdapters.Product(random, "a", photos: 1, withTitle: false, ImageDimension, TextDimension));
        var prepared = index.PrepareProjection(new AdapterProjection(1, TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension, AdaptedDimension))));
        index.Upsert(TestAdapters.Product(random, "b", photos: 1, withTitle: false, ImageDimension, TextDimension));
        Assert.Throws<InvalidOperationException>(() => index.Install(prepared));

        var wrongDimension = TestAdapters.Random(random, AdapterKind.Adapt, ("image", ImageDimension + 1, AdaptedDimension));
        Assert.Contains("25-d 'image'", Assert.Throws<ArgumentException>(() => index.PrepareProjection(new AdapterProjection(2, wrongDimension))).Message);
        var unknownSpace = TestAdapters.Random(random, AdapterKind.Adapt, ("sketch", ImageDimension, AdaptedDimension));
        Assert.Contains("'sketch'", Assert.Throws<ArgumentException>(() => index.PrepareProjection(new AdapterProjection(2, unknownSpace))).Message);
    }

    private static void AssertMatchesBruteForce(ShardIndex index, IReadOnlyList<ProductRecord> products, Adapter adapter, Random random)
    {
        for (var q = 0; q < 10; q++)
        {
            var query = RandomVectors.Unit(random, ImageDimension);
            var projectedQuery = adapter.Project("image", query);
            var expected = products
                .Where(p => p.CountIn("image") > 0)
                .Select(p => (p.Id, Score: p.VectorsOf("image").Max(v => Dot(projectedQuery, adapter.Project("image", v.Values)))))
                .OrderByDescending(p => p.Score).ThenBy(p => p.Id, StringComparer.Ordinal)
                .Take(15)
                .ToList();
            var actual = index.Search(TestAdapters.Query("image", query, k: 15) with { Adapter = 1 });
            Assert.Equal(expected.Select(e => e.Id), actual.Select(a => a.Id));
            for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Score, actual[i].Score, 4);
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    /// <summary>A text vector whose projection is close to the projection of <paramref name="photo"/>: the best of many random tries.</summary>
    private static float[] TextTowards(Adapter adapter, float[] photo, Random random)
    {
        var target = adapter.Project("image", photo);
        return Enumerable.Range(0, 2000).Select(_ => RandomVectors.Unit(random, TextDimension))
            .MaxBy(text => Dot(adapter.Project("text", text), target))!;
    }
}
