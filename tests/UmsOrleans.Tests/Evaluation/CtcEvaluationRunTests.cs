using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// A CTC-layout run: text → image and image → text use the same two sets the other way round, so each image
/// and each caption is encoded once for both directions, and each set's features are dumped once.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class CtcEvaluationRunTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-ctc");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Both_directions_run_and_every_image_and_caption_is_encoded_once()
    {
        var photos = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, SopReader.TestList)).Skip(1)
            .Select(l => l.Split(' ')).GroupBy(f => f[1]).Take(4).Select(g => Path.Combine(TestPaths.GroceryDataset, g.First()[3])).ToList();
        var lines = new List<string> { "image_id\tsentence_id\tcaption\timage_path" };
        for (var i = 0; i < photos.Count; i++)
        {
            File.Copy(photos[i], Path.Combine(_root, $"img{i}.jpg"));
            lines.Add($"img{i}\ts{i}a\tproduct {i} on a shelf\timg{i}.jpg");
            lines.Add($"img{i}\ts{i}b\ta photo of product {i}\timg{i}.jpg");
        }
        await File.WriteAllLinesAsync(Path.Combine(_root, CtcReader.ListFile), lines);
        var output = Path.Combine(_root, "out");
        var encoder = new CountingEncoder(new PixelProjectionEncoder(withText: true));
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);

        var report = await runner.RunAsync(Guid.NewGuid().ToString("N")[..12], new EvaluationSettings(EvalLayout.Ctc, _root, output, Shards: 2, DumpFeatures: true), encoder, progress);

        Assert.Equal(4, encoder.Images);
        Assert.Equal(8, encoder.Texts);
        Assert.Contains(report.Metrics, m => m.Name.StartsWith("t2i_", StringComparison.Ordinal));
        Assert.Contains(report.Metrics, m => m.Name.StartsWith("i2t_", StringComparison.Ordinal));
        Assert.Equal(4, report.Counts["t2i.gallery"]);
        Assert.Equal(8, report.Counts["i2t.gallery"]);
        Assert.Equal(4, NpyReader.ReadMatrix(Path.Combine(output, "ctc_images_image_features.npy")).Rows);
        Assert.Equal(8, NpyReader.ReadMatrix(Path.Combine(output, "ctc_captions_text_features.npy")).Rows);
    }

    /// <summary>An aligned stand-in (texts and images in one space) that counts what it was asked to encode.</summary>
    private sealed class CountingEncoder(IEvaluationEncoder inner) : IEvaluationEncoder
    {
        private int _images;
        private int _texts;

        public int Images => _images;

        public int Texts => _texts;

        public string Model => inner.Model;

        public int? ImageDimension => inner.ImageDimension;

        public int? TextDimension => inner.TextDimension;

        public bool Aligned => true;

        public Task<IReadOnlyList<EncodeResult>> EncodeImagesAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _images, images.Count);
            return inner.EncodeImagesAsync(images, cancellationToken);
        }

        public Task<IReadOnlyList<EncodeResult>> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            Interlocked.Add(ref _texts, texts.Count);
            return inner.EncodeTextsAsync(texts, cancellationToken);
        }
    }
}
