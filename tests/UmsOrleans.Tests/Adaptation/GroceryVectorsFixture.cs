using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Tests.Encoders;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Adaptation;

/// <summary>
/// Grocery photos and titles encoded once per test run with the default model (on the CPU): the first
/// <see cref="TrainPhotosPerProduct"/> train photos and <see cref="TestPhotosPerProduct"/> test photos of each
/// of the 81 products (catalog.jsonl order; every product has at least that many), and each product's title.
/// </summary>
public sealed class GroceryVectorsFixture : IAsyncLifetime
{
    public const int TrainPhotosPerProduct = 16;
    public const int TestPhotosPerProduct = 10;
    private const int EncodeChunk = 64;

    private readonly DefaultModelFixture _model = new();

    /// <summary>Train photos, rows grouped by product in label order.</summary>
    public LabeledPhotos Train { get; private set; } = null!;

    public LabeledPhotos Test { get; private set; } = null!;

    /// <summary>One title vector per product, in the order of <see cref="Products"/>.</summary>
    public VectorRows Titles { get; private set; } = null!;

    public IReadOnlyList<string> Products { get; private set; } = [];

    public TimeSpan EncodingTime { get; private set; }

    public async Task InitializeAsync()
    {
        await _model.InitializeAsync();
        var clock = Stopwatch.StartNew();
        var rows = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => (
                Split: row.GetProperty("split").GetString()!,
                Label: row.GetProperty("label").GetInt32().ToString(CultureInfo.InvariantCulture),
                Image: row.GetProperty("image").GetString()!,
                Title: row.GetProperty("title").GetString()!))
            .ToList();
        var titles = rows.Where(r => r.Split == "train").GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.First().Title);
        Products = [.. titles.Keys.Order(StringComparer.Ordinal)];
        Train = await EncodePhotos(rows.Where(r => r.Split == "train").Select(r => (r.Label, r.Image)), TrainPhotosPerProduct);
        Test = await EncodePhotos(rows.Where(r => r.Split == "test").Select(r => (r.Label, r.Image)), TestPhotosPerProduct);
        Titles = VectorRows.From(await _model.Model.EncodeTextsAsync([.. Products.Select(p => titles[p])]));
        EncodingTime = clock.Elapsed;
    }

    private async Task<LabeledPhotos> EncodePhotos(IEnumerable<(string Label, string Image)> photos, int perProduct)
    {
        var chosen = photos.GroupBy(p => p.Label).OrderBy(g => g.Key, StringComparer.Ordinal).SelectMany(g => g.Take(perProduct)).ToList();
        var vectors = new List<float[]>(chosen.Count);
        foreach (var chunk in chosen.Chunk(EncodeChunk))
        {
            var bytes = chunk.Select(p => File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, p.Image))).ToList();
            var encoded = await _model.Model.EncodeImagesAsync(bytes);
            vectors.AddRange(encoded.Select((e, i) => e.Vector ?? throw new InvalidOperationException($"{chunk[i].Image}: {e.Error}")));
        }
        return new LabeledPhotos(VectorRows.From(vectors), [.. chosen.Select(p => p.Label)]);
    }

    public Task DisposeAsync() => _model.DisposeAsync();
}

/// <summary>Photo vectors and their product labels, row for row.</summary>
public sealed record LabeledPhotos(VectorRows Vectors, IReadOnlyList<string> Labels);
