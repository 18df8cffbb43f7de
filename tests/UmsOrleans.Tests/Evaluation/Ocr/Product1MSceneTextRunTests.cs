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
/// A Product1M run with OCR folders for the query and the gallery list: the boxes are x0,y0,w,h, the text the last
/// field, and a query whose file has a non-integer coordinate is dropped whole (image and title), as UMS drops it.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class Product1MSceneTextRunTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-p1m-ocr");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Each_list_reads_its_own_folder_and_an_unparsable_query_is_dropped_whole()
    {
        WriteDataset();
        var output = Path.Combine(_root, "out");
        var encoder = new RecordingEncoder(readsSceneText: true, aligned: false);
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);

        var report = await runner.RunAsync(Guid.NewGuid().ToString("N")[..12], new EvaluationSettings(EvalLayout.Product1M, _root, output, Shards: 2, DumpFeatures: true), encoder, progress);

        var inputs = encoder.Images.ToDictionary(i => Path.GetFileNameWithoutExtension(i.Path), i => i.SceneText);
        Assert.Equal([new SceneTextString("可乐", 12, 34, 62, 54)], inputs["g0"]);
        Assert.Equal([new SceneTextString("fresh", 1, 2, 4, 6)], inputs["q0"]);
        Assert.Empty(inputs["g1"]!);
        Assert.DoesNotContain("q1", inputs.Keys);
        Assert.DoesNotContain("product1 fresh", encoder.Texts);
        var skip = Assert.Single(report.Skipped);
        Assert.Equal(("query", "q1", SkipScope.Item), (skip.Set, skip.Id, skip.Scope));
        Assert.Contains("OCR file x_q1.txt line 1: field 3 'h'", skip.Reason);
        Assert.Equal(1, report.Counts["ocr.gallery.images_with_text"]);
        Assert.Equal(7, report.Counts["ocr.gallery.images_without_file"]);
        Assert.Equal(1, report.Counts["ocr.query.images_with_text"]);
        Assert.Equal(1, report.Counts["ocr.query.dropped_unparsable"]);
        Assert.Equal(1, report.Counts["product1m.queries"]);
        Assert.Equal(["q0"], FeatureDump.ReadItems(Path.Combine(output, "product1m_query_items.tsv")).Select(i => i.Id));
    }

    /// <summary>Two classes of four gallery photos and one query each; OCR files for g0, q0 and q1 (a bad height).</summary>
    private void WriteDataset()
    {
        GrocerySubsets.Product1M(_root);
        var ocr = Path.Combine(_root, DatasetOcrFolders.Product1MFolder);
        File.WriteAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(ocr, "product1m_gallery_ossurl_v2")).FullName, "x_g0.txt"), "12,34,50,20,品牌,可乐\n");
        var queryOcr = Directory.CreateDirectory(Path.Combine(ocr, "product1m_test_ossurl_v2")).FullName;
        File.WriteAllText(Path.Combine(queryOcr, "x_q0.txt"), "1,2,3,4,fresh\n");
        File.WriteAllText(Path.Combine(queryOcr, "x_q1.txt"), "1,2,3,h,fresh\n");
    }
}
