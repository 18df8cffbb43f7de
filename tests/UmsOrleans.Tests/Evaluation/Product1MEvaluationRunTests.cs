using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Metrics;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Support;

using UmsOrleans.Tests.Cluster;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// A Product1M-layout run (image + title in two spaces, instance lists with repeats, one gallery image
/// missing) through the cluster, checked against the UMS and CAPTURE formulas recomputed from the dumped
/// features by brute force over concat(image, title).
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class Product1MEvaluationRunTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-p1m");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Two_space_run_matches_brute_force_over_the_concatenated_features()
    {
        WriteDataset();
        var output = Path.Combine(_root, "out");
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);
        var runId = Guid.NewGuid().ToString("N")[..12];

        var report = await runner.RunAsync(runId, new EvaluationSettings(EvalLayout.Product1M, _root, output, Shards: 2, DumpFeatures: true, EncodeBatch: 7), new PixelProjectionEncoder(withText: true), progress);

        // g5 and q9 have no image: both stay in the run with a zero image half.
        Assert.Equal([("gallery", "g5", SkipScope.ImageOnly), ("query", "q9", SkipScope.ImageOnly)], report.Skipped.Select(s => (s.Set, s.Id, s.Scope)));
        var gallery = FeatureMatrix.Concat(
            NpyReader.ReadMatrix(Path.Combine(output, "product1m_gallery_image_features.npy")),
            NpyReader.ReadMatrix(Path.Combine(output, "product1m_gallery_text_features.npy")));
        var queries = FeatureMatrix.Concat(
            NpyReader.ReadMatrix(Path.Combine(output, "product1m_query_image_features.npy")),
            NpyReader.ReadMatrix(Path.Combine(output, "product1m_query_text_features.npy")));
        Assert.Equal(0f, gallery.Row(5)[..PixelProjectionEncoder.Dimension].ToArray().Max(Math.Abs)); // the missing image scores 0
        var codes = new LabelCodes();
        var galleryInstances = FeatureDump.ReadItems(Path.Combine(output, "product1m_gallery_items.tsv")).Select(i => codes.Of(i.Label)).ToArray();
        var queryInstances = FeatureDump.ReadItems(Path.Combine(output, "product1m_query_items.tsv")).Select(i => i.Label.Split("#;#").Select(codes.Of).ToArray()).ToList();
        var ranked = ExactScorer.Rank(queries, gallery, 100);
        var clusterRanked = RankedListFile.Read(Path.Combine(output, "product1m_product1m_ranked.tsv"));

        // Same lists as brute force (the gallery is small: no near-ties), hence the same numbers, by both formulas.
        // (Titles are distinct bags of words, so no two items tie exactly; exact ties would be ordered by float rounding.)
        for (var q = 0; q < ranked.Length; q++) Assert.True(ranked[q].SequenceEqual(clusterRanked[q]), $"query {q}: brute force {string.Join(",", ranked[q])}, cluster {string.Join(",", clusterRanked[q])}");
        var ums = Product1MMetrics.Compute(ranked, queryInstances, galleryInstances, Product1MMetrics.DefaultN);
        var capture = CaptureMetrics.MapAtN(ranked, queryInstances, galleryInstances, Product1MMetrics.DefaultN);
        Assert.Equal([.. ums.ToMetricValues(), .. capture], report.Metrics);
        Assert.Equal(1, report.Counts["product1m.queries_without_relevant"]);
        Assert.NotEqual(report.Metrics.Single(m => m.Name == "map@10").Value, report.Metrics.Single(m => m.Name == "capture_map@10").Value);
    }

    /// <summary>
    /// 24 gallery items (grocery photos of 6 classes, 4 each; item g5's image removed) and 5 queries with
    /// instance lists, one repeating an instance and one (q9, without image) naming an instance no gallery item has.
    /// </summary>
    private void WriteDataset()
    {
        var photos = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, SopReader.TestList)).Skip(1)
            .Select(l => l.Split(' '))
            .GroupBy(f => f[1])
            .Take(6)
            .SelectMany(g => g.Take(5).Select(f => (Class: g.Key, Path: Path.Combine(TestPaths.GroceryDataset, f[3]))))
            .ToList();
        var gallery = new List<string>();
        var queries = new List<string>();
        Directory.CreateDirectory(Path.Combine(_root, "product1m_gallery_ossurl_v2"));
        Directory.CreateDirectory(Path.Combine(_root, "product1m_test_ossurl_v2"));
        var byClass = photos.GroupBy(p => p.Class).ToList();
        for (var c = 0; c < byClass.Count; c++)
        {
            var items = byClass[c].ToList();
            for (var i = 0; i < 4; i++)
            {
                var id = $"g{gallery.Count}";
                if (id != "g5") File.Copy(items[i].Path, Path.Combine(_root, "product1m_gallery_ossurl_v2", id + ".jpg"));
                gallery.Add($"{id}#####product{c} variant{i} fresh#####u#####u#####inst{c}");
            }
            if (c < 4)
            {
                var id = $"q{c}";
                File.Copy(items[4].Path, Path.Combine(_root, "product1m_test_ossurl_v2", id + ".jpg"));
                var instances = c switch
                {
                    0 => "inst0#;#inst0#;#inst1",
                    1 => "inst1",
                    2 => "inst2#;#inst3",
                    _ => "inst3#;#inst5",
                };
                queries.Add($"{id}#####product{c} fresh#####u#####u#####{instances}");
            }
        }
        queries.Add("q9#####nothing like it#####u#####u#####inst99");
        File.WriteAllLines(Path.Combine(_root, Product1MReader.GalleryList), gallery);
        File.WriteAllLines(Path.Combine(_root, Product1MReader.TestList), queries);
    }
}
