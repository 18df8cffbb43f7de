using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Datasets.Ocr;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation.Ocr;

/// <summary>
/// A CTC run on grocery photos with a <c>ctc_ocr/</c> folder: one photo with text, one without a file, one with an
/// empty file and one whose file has a non-integer coordinate (dropped with its captions, as UMS drops the rows).
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class CtcSceneTextRunTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-ctc-ocr");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_encoder_gets_each_photos_strings_and_the_report_counts_what_the_files_gave()
    {
        WriteDataset();
        var output = Path.Combine(_root, "out");
        var encoder = new RecordingEncoder(readsSceneText: true, aligned: true);

        var report = await RunAsync(new EvaluationSettings(EvalLayout.Ctc, _root, output, Shards: 2, DumpFeatures: true), encoder);

        var inputs = encoder.Images.ToDictionary(i => Path.GetFileNameWithoutExtension(i.Path), i => i.SceneText);
        Assert.Equal(["img0", "img1", "img3"], inputs.Keys.Order());
        Assert.Equal([new SceneTextString("cola", 5, 6, 40, 30), new SceneTextString("zero", 1, 1, 8, 9)], inputs["img0"]);
        Assert.Empty(inputs["img1"]!);
        Assert.Empty(inputs["img3"]!);
        Assert.Equal(6, encoder.Texts.Count);
        Assert.Equal(1, report.Counts["ocr.images.images_with_text"]);
        Assert.Equal(1, report.Counts["ocr.images.images_without_file"]);
        Assert.Equal(1, report.Counts["ocr.images.images_with_empty_file"]);
        Assert.Equal(1, report.Counts["ocr.images.dropped_unparsable"]);
        Assert.Equal(3, report.Counts["t2i.gallery"]);
        Assert.Equal(6, report.Counts["t2i.queries"]);
        Assert.Equal([("captions", "s2a"), ("captions", "s2b"), ("images", "img2")], report.Skipped.Select(s => (s.Set, s.Id)));
        Assert.StartsWith("OCR file ocr_img2.txt line 2: field 0 '7.5' is not an integer", report.Skipped[2].Reason);
        Assert.Equal("files (images: ctc_ocr/ (3 files))", report.Configuration["ocr"]);
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "report.md"));
        Assert.Contains("ocr.images.dropped_unparsable", markdown);
        Assert.Contains("ocr_img2.txt line 2", markdown);
        Assert.Contains("\"ocr.images.images_without_file\": 1", await File.ReadAllTextAsync(Path.Combine(output, "metrics.json")));
        // The dumped features are the deduplicated sets that were evaluated, in item order.
        Assert.Equal(["img0", "img1", "img3"], FeatureDump.ReadItems(Path.Combine(output, "ctc_images_items.tsv")).Select(i => i.Id));
        Assert.Equal(["s0a", "s0b", "s1a", "s1b", "s3a", "s3b"], FeatureDump.ReadItems(Path.Combine(output, "ctc_captions_items.tsv")).Select(i => i.Id));
        Assert.Equal(3, NpyReader.ReadMatrix(Path.Combine(output, "ctc_images_image_features.npy")).Rows);
        Assert.Equal(6, NpyReader.ReadMatrix(Path.Combine(output, "ctc_captions_text_features.npy")).Rows);
    }

    [Fact]
    public async Task A_pixel_only_model_reads_no_ocr_file_and_the_report_says_the_option_was_ignored()
    {
        WriteDataset();
        var encoder = new RecordingEncoder(readsSceneText: false, aligned: true);

        var report = await RunAsync(new EvaluationSettings(EvalLayout.Ctc, _root, Path.Combine(_root, "out"), Shards: 1, Ocr: OcrSource.Files), encoder);

        Assert.Equal(4, encoder.Images.Count);
        Assert.All(encoder.Images, i => Assert.Null(i.SceneText));
        Assert.Empty(report.Skipped);
        Assert.DoesNotContain(report.Counts.Keys, k => k.StartsWith("ocr.", StringComparison.Ordinal));
        Assert.Equal("not used (the model reads pixels only)", report.Configuration["ocr"]);
        Assert.Contains("ocr 'files' was ignored: the model reads pixels only, no scene text.", report.Notes);
    }

    [Fact]
    public async Task None_gives_every_photo_no_text_and_reads_no_file()
    {
        WriteDataset();
        var encoder = new RecordingEncoder(readsSceneText: true, aligned: true);

        var report = await RunAsync(new EvaluationSettings(EvalLayout.Ctc, _root, Path.Combine(_root, "out"), Shards: 1, Ocr: OcrSource.None), encoder);

        Assert.Equal(4, encoder.Images.Count);
        Assert.All(encoder.Images, i => Assert.Empty(i.SceneText!));
        Assert.Empty(report.Skipped);
        Assert.Equal("none (every photo is given no scene text)", report.Configuration["ocr"]);
    }

    private async Task<Engine.Evaluation.Reports.EvaluationReport> RunAsync(EvaluationSettings settings, IEvaluationEncoder encoder)
    {
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);
        return await runner.RunAsync(Guid.NewGuid().ToString("N")[..12], settings, encoder, progress);
    }

    /// <summary>Four photos of four classes, two captions each; OCR files for img0 (two lines), img2 (a bad second line) and img3 (empty).</summary>
    private void WriteDataset()
    {
        var photos = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, SopReader.TestList)).Skip(1)
            .Select(l => l.Split(' ')).GroupBy(f => f[1]).Take(4).Select(g => Path.Combine(TestPaths.GroceryDataset, g.First()[3])).ToList();
        var lines = new List<string> { "image_id\tsentence_id\tcaption\timage_path" };
        for (var i = 0; i < photos.Count; i++)
        {
            File.Copy(photos[i], Path.Combine(_root, $"img{i}.jpg"), overwrite: true);
            lines.Add($"img{i}\ts{i}a\tproduct {i} on a shelf\timg{i}.jpg");
            lines.Add($"img{i}\ts{i}b\ta photo of product {i}\timg{i}.jpg");
        }
        File.WriteAllLines(Path.Combine(_root, CtcReader.ListFile), lines);
        var ocr = Directory.CreateDirectory(Path.Combine(_root, DatasetOcrFolders.CtcFolder)).FullName;
        File.WriteAllText(Path.Combine(ocr, "ocr_img0.txt"), "5,6,40,6,40,30,5,30,cola\n1,1,8,1,8,9,1,9,zero,x\n");
        File.WriteAllText(Path.Combine(ocr, "ocr_img2.txt"), "5,6,40,6,40,30,5,30,fine\n7.5,6,40,6,40,30,5,30,bad\n");
        File.WriteAllText(Path.Combine(ocr, "ocr_img3.txt"), "");
    }
}
