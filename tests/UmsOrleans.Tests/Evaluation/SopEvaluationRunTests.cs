using System.Numerics.Tensors;
using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Metrics;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Support;

using UmsOrleans.Tests.Cluster;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// The SOP-layout evaluation of a grocery subset through a real two-silo cluster (encode → temporary
/// collection over 3 shards → batched fan-out search → metrics), checked against metrics recomputed
/// independently from the dumped features with the brute-force scorer (TensorPrimitives, not the shards'
/// kernel).
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class SopEvaluationRunTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("eval-run");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Cluster_metrics_equal_brute_force_metrics_recomputed_from_the_dumped_features()
    {
        var (dataRoot, rows) = WriteSubset(every: 6);
        var output = Path.Combine(_directory, "out");
        var encoder = new PixelProjectionEncoder();
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);
        var runId = Guid.NewGuid().ToString("N")[..12];

        var report = await runner.RunAsync(runId, new EvaluationSettings(EvalLayout.Sop, dataRoot, output, Shards: 3, DumpFeatures: true, EncodeBatch: 40, SearchBatch: 50, UpsertChunk: 100), encoder, progress);

        // The run: every listed photo but the missing one went through, and the temporary collection is gone.
        Assert.Equal(EvaluationPhase.Completed, progress.Snapshot().Phase);
        var skipped = Assert.Single(report.Skipped);
        Assert.Equal("image file not found", skipped.Reason);
        Assert.Equal(rows - 1, report.Counts["sop.gallery"]);
        Assert.Null(await fixture.Catalog.GetCollectionAsync($"eval-{runId}-sop"));
        Assert.True(File.Exists(Path.Combine(output, MetricsJsonWriter.FileName)));
        Assert.Contains("| recall@1 |", File.ReadAllText(Path.Combine(output, MarkdownReportWriter.FileName)));

        // Independent recomputation: dumped features + item order → brute force → the same metrics.
        var features = NpyReader.ReadMatrix(Path.Combine(output, "sop_test_image_features.npy"));
        var items = FeatureDump.ReadItems(Path.Combine(output, "sop_test_items.tsv"));
        Assert.Equal((rows - 1, PixelProjectionEncoder.Dimension), (features.Rows, features.Columns));
        Assert.Equal(items.Count, features.Rows);
        AssertRowIsTheEncodedPhoto(encoder, features, dataRoot, items, row: 17);

        var codes = new LabelCodes();
        var labels = items.Select(i => codes.Of(i.Label)).ToArray();
        var depth = Math.Max(100, labels.GroupBy(l => l).Max(g => g.Count()) - 1);
        var ranked = ExactScorer.Rank(features, features, depth, leaveOneOut: true);
        var expected = RetrievalMetrics.Compute(ranked, labels, labels, EvaluationPlans.SopK, leaveOneOut: true).ToMetricValues().ToList();

        Assert.Equal(expected.Select(m => m.Name), report.Metrics.Select(m => m.Name));
        // Equal to the last digit, except where float summation order may swap near-tied items of different
        // relevance: each such query moves a metric by at most 1/queries (none: the check is exact).
        var bound = (double)NearTies.AmbiguousQueries(features, features, labels, labels, depth, leaveOneOut: true) / features.Rows;
        Assert.All(expected.Zip(report.Metrics), pair => Assert.InRange(Math.Abs(pair.First.Value - pair.Second.Value), 0, bound));
        // The cluster's own lists (dumped beside the features): they give the reported metrics exactly, and
        // wherever they differ from brute force, the two items' exact scores are near-tied.
        var clusterRanked = RankedListFile.Read(Path.Combine(output, "sop_sop_ranked.tsv"));
        var fromCluster = RetrievalMetrics.Compute(clusterRanked, labels, labels, EvaluationPlans.SopK, leaveOneOut: true).ToMetricValues();
        Assert.Equal(report.Metrics.Select(m => m.Value), fromCluster.Select(m => m.Value));
        var gap = NearTies.Gap(features.Columns);
        var differing = 0;
        for (var q = 0; q < ranked.Length; q++)
        {
            Assert.Equal(ranked[q].Length, clusterRanked[q].Length);
            for (var i = 0; i < ranked[q].Length; i++)
            {
                if (ranked[q][i] == clusterRanked[q][i]) continue;
                differing++;
                Assert.InRange(Math.Abs(ExactScore(features, q, ranked[q][i]) - ExactScore(features, q, clusterRanked[q][i])), 0, gap);
            }
        }
        Assert.True(differing < ranked.Length, $"{differing} positions differ");
        // Not a degenerate model: far above chance (81 classes) and below perfect.
        var recall1 = report.Metrics.Single(m => m.Name == "recall@1").Value;
        Assert.InRange(recall1, 0.1, 0.99);
    }

    [Fact]
    public async Task A_cancelled_run_ends_cancelled_and_drops_its_temporary_collection()
    {
        var (dataRoot, _) = WriteSubset(every: 50);
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);
        progress.Cancel();
        var runId = Guid.NewGuid().ToString("N")[..12];

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            runner.RunAsync(runId, new EvaluationSettings(EvalLayout.Sop, dataRoot, Path.Combine(_directory, "out")), new PixelProjectionEncoder(), progress));

        Assert.Equal(EvaluationPhase.Cancelled, progress.Snapshot().Phase);
        Assert.Null(await fixture.Catalog.GetCollectionAsync($"eval-{runId}-sop"));
    }

    /// <summary>Every n-th row of the real Ebay_test.txt (absolute image paths) plus one row whose image is missing.</summary>
    private (string Root, int Rows) WriteSubset(int every)
    {
        var grocery = TestPaths.GroceryDataset;
        var lines = File.ReadAllLines(Path.Combine(grocery, SopReader.TestList));
        var picked = lines.Skip(1).Where((_, i) => i % every == 0)
            .Select(l => l.Split(' '))
            .Select(f => $"{f[0]} {f[1]} {f[2]} {Path.Combine(grocery, f[3])}")
            .ToList();
        picked.Insert(3, $"99999 1 1 {Path.Combine(_directory, "missing.jpg")}");
        var root = Path.Combine(_directory, "sop");
        Directory.CreateDirectory(root);
        File.WriteAllLines(Path.Combine(root, SopReader.TestList), [lines[0], .. picked]);
        return (root, picked.Count);
    }

    private static double ExactScore(FeatureMatrix features, int a, int b)
    {
        var x = features.Row(a);
        var y = features.Row(b);
        var sum = 0.0;
        for (var d = 0; d < x.Length; d++) sum += (double)x[d] * y[d];
        return sum;
    }

    private static void AssertRowIsTheEncodedPhoto(PixelProjectionEncoder encoder, FeatureMatrix features, string root, IReadOnlyList<(int Index, string Id, string Label, string Path)> items, int row)
    {
        var vector = encoder.Encode(Path.GetFullPath(Path.Combine(root, items[row].Path))).Vector!;
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        Assert.Equal(vector, features.Row(row).ToArray());
    }
}
