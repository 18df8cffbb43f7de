using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search;
using UmsOrleans.Tests.Encoders;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Search;

/// <summary>
/// HNSW against the exact scan on real embeddings of the default model: grocery photos grouped into products of
/// several photos, and MiniLM embeddings of texts made from the catalog's titles. The seeded tests elsewhere use
/// clustered random vectors; real embeddings crowd into a few directions, which is where a graph loses recall.
/// </summary>
public sealed class HnswGroceryRecallTests(DefaultModelFixture model, ITestOutputHelper output) : IClassFixture<DefaultModelFixture>
{
    /// <summary>The product's recall goal at the default ef (64), as in <see cref="HnswSearchTests"/>.</summary>
    private const double MinimumRecallAt10 = 0.95;

    private const int PhotosPerProduct = 3;
    private const int ProductsPerLabel = 4;
    private const int PhotoQueries = 60;
    private const int EncodeChunk = 64;

    /// <summary>Title pairs embedded: the catalog has only 81 distinct titles, too few for a graph to matter.</summary>
    private const int TextProducts = 4000;

    [Fact]
    public async Task Grocery_photos_grouped_into_products_meet_the_recall_goal_with_one_hit_per_product()
    {
        var clock = Stopwatch.StartNew();
        var rows = CatalogRows();
        var gallery = rows.Where(r => r.Split == "train").GroupBy(r => r.Label)
            .SelectMany(g => g.Chunk(PhotosPerProduct).Take(ProductsPerLabel).Select((photos, i) => (Id: $"{g.Key}#{i}", Photos: photos.Select(p => p.Image).ToArray())))
            .ToList();
        var queryPhotos = rows.Where(r => r.Split == "test").GroupBy(r => r.Label).Select(g => g.First().Image).Take(PhotoQueries).ToList();
        var vectors = await EncodePhotos([.. gallery.SelectMany(p => p.Photos), .. queryPhotos]);
        var encoded = clock.Elapsed;

        var dimension = vectors[0].Length;
        var at = 0;
        var products = gallery.Select(p => Product(p.Id, "image", [.. p.Photos.Select(_ => vectors[at++])])).ToList();
        var queries = vectors.Skip(at).ToList();
        var (flat, hnsw) = Pair("image", dimension, products);

        var recall = MeasureRecall(flat, hnsw, "image", queries, products.Count);
        output.WriteLine($"{products.Count} products × {PhotosPerProduct} photos ({dimension}-d), {queries.Count} test-photo queries: recall@10 {recall:F3}; encoded in {encoded.TotalSeconds:F0} s, total {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(recall >= MinimumRecallAt10, $"recall@10 {recall:F3} < {MinimumRecallAt10}");
    }

    [Fact]
    public async Task MiniLM_embeddings_of_catalog_titles_meet_the_recall_goal()
    {
        var clock = Stopwatch.StartNew();
        var titles = CatalogRows().Select(r => r.Title).Distinct().Order(StringComparer.Ordinal).ToList();
        var random = new Random(17);
        var texts = titles.SelectMany(a => titles.Where(b => b != a).Select(b => $"{a} and {b}"))
            .OrderBy(_ => random.Next()).Take(TextProducts).ToList();
        var queryTexts = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "text_queries.tsv")).Skip(1).Select(line => line.Split('\t')[1]).ToList();
        var vectors = new List<float[]>();
        foreach (var chunk in texts.Concat(queryTexts).Chunk(256)) vectors.AddRange(await model.Model.EncodeTextsAsync(chunk));
        var encoded = clock.Elapsed;

        var products = texts.Select((_, i) => Product($"t{i:D4}", "text", [vectors[i]])).ToList();
        var queries = vectors.Skip(texts.Count).ToList();
        var (flat, hnsw) = Pair("text", vectors[0].Length, products);

        var recall = MeasureRecall(flat, hnsw, "text", queries, products.Count);
        output.WriteLine($"{products.Count} title pairs ({vectors[0].Length}-d), {queries.Count} text queries: recall@10 {recall:F3}; encoded in {encoded.TotalSeconds:F0} s, total {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(recall >= MinimumRecallAt10, $"recall@10 {recall:F3} < {MinimumRecallAt10}");
    }

    /// <summary>
    /// Mean recall@10 of the graph (default ef) against the exact scan's ids; every query's hits are distinct
    /// products, and every score is the product's exact best-row score (the graph only chooses candidates).
    /// </summary>
    private static double MeasureRecall(ShardIndex flat, ShardIndex hnsw, string space, List<float[]> queries, int products)
    {
        var found = 0;
        foreach (var query in queries)
        {
            var vector = RandomVectors.Query(space, 1f, query);
            var exact = flat.Search(new ShardQuery([vector], products)).ToDictionary(h => h.Id, h => h.Score);
            var top = flat.Search(new ShardQuery([vector], 10)).Select(h => h.Id).ToHashSet();
            var graph = hnsw.Search(new ShardQuery([vector], 10));
            Assert.Equal(10, graph.Length);
            Assert.Equal(10, graph.Select(h => h.Id).Distinct().Count());
            Assert.All(graph, h => Assert.Equal(exact[h.Id], h.Score));
            found += graph.Count(h => top.Contains(h.Id));
        }
        return found / (10.0 * queries.Count);
    }

    /// <summary>A flat shard and an HNSW shard (half loaded before the build, half added after) over the same products.</summary>
    private static (ShardIndex Flat, ShardIndex Hnsw) Pair(string space, int dimension, List<ProductRecord> products)
    {
        var flat = new ShardIndex([new VectorSpace(space, dimension)]);
        var hnsw = new ShardIndex([new VectorSpace(space, dimension)], index: AnnIndexSpec.Hnsw());
        foreach (var product in products.Take(products.Count / 2)) hnsw.Upsert(product);
        hnsw.BuildAnn();
        foreach (var product in products.Skip(products.Count / 2)) hnsw.Upsert(product);
        foreach (var product in products) flat.Upsert(product);
        return (flat, hnsw);
    }

    private async Task<List<float[]>> EncodePhotos(List<string> images)
    {
        var vectors = new List<float[]>(images.Count);
        foreach (var chunk in images.Chunk(EncodeChunk))
        {
            var encoded = await model.Model.EncodeImagesAsync([.. chunk.Select(image => File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, image)))]);
            vectors.AddRange(encoded.Select((e, i) => e.Vector ?? throw new InvalidOperationException($"{chunk[i]}: {e.Error}")));
        }
        return vectors;
    }

    private static ProductRecord Product(string id, string space, float[][] vectors) =>
        new(id, null, null, ImmutableDictionary<string, AttributeValue>.Empty, [.. vectors.Select(v => SpaceVector.FromFloats(space, v))]);

    private static List<(string Split, int Label, string Image, string Title)> CatalogRows() =>
        [.. File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => (row.GetProperty("split").GetString()!, row.GetProperty("label").GetInt32(), row.GetProperty("image").GetString()!, row.GetProperty("title").GetString()!))];
}
