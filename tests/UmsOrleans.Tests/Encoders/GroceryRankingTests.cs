using System.Collections.Immutable;
using System.Text.Json;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Encoders;

/// <summary>The default model on real photos and texts of the grocery set, searched with the shard index.</summary>
public sealed class GroceryRankingTests(DefaultModelFixture model) : IClassFixture<DefaultModelFixture>
{
    private static readonly string[] GalleryClasses =
    [
        "Banana", "Oatly-Oat-Milk", "Carrots", "Red-Bell-Pepper", "Tropicana-Apple-Juice", "Watermelon",
        "Arla-Standard-Milk", "Avocado", "Pineapple", "Lemon",
    ];

    private const int GalleryPhotosPerClass = 3;

    [Fact]
    public async Task Photos_of_the_same_product_rank_above_other_products()
    {
        var photos = ReadTestPhotos();
        var gallery = GalleryClasses.SelectMany(c => photos[c].Take(GalleryPhotosPerClass).Select(path => (Class: c, Path: path))).ToList();
        var queries = GalleryClasses.Take(6).Select(c => (Class: c, Path: photos[c][GalleryPhotosPerClass])).ToList();

        var encoded = await model.Model.EncodeImagesAsync([.. gallery.Concat(queries).Select(p => File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, p.Path)))]);
        Assert.All(encoded, e => Assert.Null(e.Error));
        var index = new ShardIndex([new VectorSpace("image", 512)]);
        for (var i = 0; i < gallery.Count; i++)
        {
            index.Upsert(new ProductRecord($"{gallery[i].Class}#{i}", gallery[i].Class, null, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("image", encoded[i].Vector!)]));
        }

        for (var q = 0; q < queries.Count; q++)
        {
            var vector = encoded[gallery.Count + q].Vector!;
            Assert.Equal(1f, MathF.Sqrt(vector.Sum(v => v * v)), 3);
            var hits = index.Search(new ShardQuery([new QueryVector("image", 1f, SpaceVector.FromFloats("image", vector).Data)], gallery.Count));
            // The best photo of the query's product ranks above every photo of every other product.
            Assert.StartsWith(queries[q].Class + "#", hits[0].Id);
            Assert.True(hits.Select(h => h.Score).SequenceEqual(hits.Select(h => h.Score).OrderDescending()));
        }
    }

    [Theory]
    [InlineData("oat milk", "Oatly Oat Milk")]
    [InlineData("banana", "Banana")]
    [InlineData("tropicana apple juice", "Tropicana Apple Juice")]
    public async Task A_text_query_ranks_the_matching_product_first(string query, string expectedTitle)
    {
        var products = ReadIconicProducts();
        var texts = products.Select(p => ProductText.TextOf(model.Model.Manifest, p.Content)!).ToList();
        var vectors = await model.Model.EncodeTextsAsync([.. texts, query]);
        var index = new ShardIndex([new VectorSpace("text", 384)]);
        for (var i = 0; i < products.Count; i++)
        {
            index.Upsert(new ProductRecord(products[i].Id, products[i].Content.Title, products[i].Content.Category, ImmutableDictionary<string, AttributeValue>.Empty, [SpaceVector.FromFloats("text", vectors[i])]));
        }
        var hits = index.Search(new ShardQuery([new QueryVector("text", 1f, SpaceVector.FromFloats("text", vectors[^1]).Data)], 3));
        Assert.Equal(expectedTitle, index.ToHit(hits[0], 0).Title);
    }

    private static Dictionary<string, List<string>> ReadTestPhotos() =>
        File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "Ebay_test.txt")).Skip(1)
            .Select(line => line.Split(' ')[3])
            .GroupBy(path => path.Split('/')[^2])
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList());

    private static List<(string Id, ProductContent Content)> ReadIconicProducts() =>
        File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(row => row.GetProperty("split").GetString() == "iconic")
            .Select(row => (row.GetProperty("id").GetString()!, new ProductContent(
                null,
                row.GetProperty("title").GetString(),
                row.GetProperty("category").GetString(),
                row.TryGetProperty("description", out var d) ? d.GetString() : null)))
            .ToList();
}
