using System.Diagnostics;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Ocr;

/// <summary>
/// PP-OCRv4 on real grocery photos (348 × 348 shelf photos and 198 × 198 catalogue images): the text read, printed,
/// and photos/s on the CPU, one call for the whole batch and several calls at once.
/// </summary>
[Trait("Category", "Measurement")]
public sealed class GroceryOcrMeasurement(OcrModelsFixture models, ITestOutputHelper output) : IClassFixture<OcrModelsFixture>
{
    private const int MeasuredPhotos = 32;

    public static readonly string[] Shown =
    [
        "iconic/Packages/Juice/Tropicana-Apple-Juice/Tropicana-Apple-Juice_Iconic.jpg",
        "iconic/Packages/Oat-Milk/Oatly-Oat-Milk/Oatly-Oat-Milk_Iconic.jpg",
        "iconic/Packages/Yoghurt/Valio-Vanilla-Yoghurt/Valio-Vanilla-Yoghurt_Iconic.jpg",
        "test/Packages/Juice/Tropicana-Apple-Juice/Tropicana-Apple-Juice_008.jpg",
        "test/Packages/Oatghurt/Oatly-Natural-Oatghurt/Oatly-Natural-Oatghurt_003.jpg",
        "iconic/Packages/Milk/Arla-Standard-Milk/Arla-Standard-Milk_Iconic.jpg",
        "iconic/Packages/Soy-Milk/Alpro-Fresh-Soy-Milk/Alpro-Fresh-Soy-Milk_Iconic.jpg",
        "iconic/Packages/Sour-Milk/Arla-Sour-Milk/Arla-Sour-Milk_Iconic.jpg",
    ];

    [NpmFact]
    public void Reads_brand_names_on_grocery_packages()
    {
        var photos = Shown.Select(path => File.ReadAllBytes(Path.Combine(TestPaths.GroceryDataset, "images", path))).ToArray();
        var results = models.Engine.Read(photos);
        for (var i = 0; i < photos.Length; i++)
        {
            output.WriteLine($"{Shown[i]}: {string.Join(" | ", results[i].Lines.Select(l => $"{l.Text} ({l.Confidence:F2})"))}");
        }
        Assert.Contains("Tropicana", results[0].Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Valio", results[2].Text, StringComparison.OrdinalIgnoreCase);
    }

    [NpmFact]
    public async Task Photos_per_second_on_the_cpu()
    {
        var paths = Directory.EnumerateFiles(Path.Combine(TestPaths.GroceryDataset, "images", "test", "Packages"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Where((_, i) => i % 7 == 0).Take(MeasuredPhotos).ToArray();
        var photos = paths.Select(File.ReadAllBytes).ToArray();
        var engine = models.Engine;
        // A first pass meets every input shape once (ONNX Runtime sizes its buffers per shape).
        engine.Read(photos);

        var clock = Stopwatch.StartNew();
        var batch = engine.Read(photos);
        var batchSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var halves = await Task.WhenAll(Task.Run(() => engine.Read(photos[..(photos.Length / 2)])), Task.Run(() => engine.Read(photos[(photos.Length / 2)..])));
        var concurrentSeconds = clock.Elapsed.TotalSeconds;

        var single = models.CreateEngine(new OcrOptions { IntraOpThreads = 1 });
        single.Read(photos);
        clock.Restart();
        await Task.WhenAll(Task.Run(() => single.Read(photos[..(photos.Length / 2)])), Task.Run(() => single.Read(photos[(photos.Length / 2)..])));
        var singleThreadSeconds = clock.Elapsed.TotalSeconds;

        var lines = batch.Sum(r => r.Lines.Count);
        output.WriteLine($"{Environment.ProcessorCount} cores, load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
        output.WriteLine($"{photos.Length} photos, {lines} lines read ({batch.Count(r => r.Lines.Count > 0)} photos with text)");
        output.WriteLine($"one call, whole batch: {photos.Length / batchSeconds:F1} photos/s");
        output.WriteLine($"two concurrent calls (default intra-op threads): {photos.Length / concurrentSeconds:F1} photos/s");
        output.WriteLine($"two concurrent calls, 1 intra-op thread each: {photos.Length / singleThreadSeconds:F1} photos/s");
        // Not compared line for line: a line's batch pads it to its widest neighbour, which moves a few characters.
        Assert.Equal(batch.Length, halves.Sum(h => h.Length));
    }
}
