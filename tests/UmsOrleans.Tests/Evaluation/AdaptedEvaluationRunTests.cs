using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Adapters;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Engine.Evaluation.Training;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// A run with an adapter through a real cluster: every direction the adapter applies to runs raw and again through
/// the adapter in the same run, both reported side by side; a direction only an alignment makes possible runs adapted only.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class AdaptedEvaluationRunTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-adapted");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Sop_reports_raw_and_adapted_metrics_of_the_same_run()
    {
        var data = GrocerySubsets.Sop(Path.Combine(_root, "sop"), classes: 6, perClass: 4);
        GrocerySubsets.SopTrain(data, classes: 6, perClass: 6);
        var encoder = new PixelProjectionEncoder();
        var trained = await AdapterTrainingRun.RunAsync(TrainingSplit.Open(EvalLayout.Sop, data, AdapterKind.Adapt), encoder, new TrainingSettings(AdapterKind.Adapt), null, CancellationToken.None);
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);
        var runId = Guid.NewGuid().ToString("N")[..12];

        var report = await runner.RunAsync(runId, new EvaluationSettings(EvalLayout.Sop, data, Path.Combine(_root, "out"), Shards: 2), encoder, progress,
            EvaluationAdapter.For("sop.bin", trained.Adapter, encoder));

        double Metric(string name) => report.Metrics.Single(m => m.Name == name).Value;
        Assert.Equal(report.Metrics.Count / 2, report.Metrics.Count(m => m.Name.StartsWith("adapted.", StringComparison.Ordinal)));
        Assert.NotEqual(Metric("map@r"), Metric("adapted.map@r"));
        Assert.Equal(24, report.Counts["adapted.sop.gallery"]);
        Assert.Equal("sop", report.Configuration["adapted directions"]);
        Assert.Contains("image 48-d → image.adapted 5-d", report.Configuration["adapter maps"]);
        Assert.Null(await fixture.Catalog.GetCollectionAsync($"eval-{runId}-adapted-sop"));
        var markdown = MarkdownReportWriter.Render(report);
        Assert.Contains("| metric | raw | adapted | gain |", markdown);
        Assert.Contains($"| map@r | {100 * Metric("map@r"):0.00} | {100 * Metric("adapted.map@r"):0.00} |", markdown);
    }

    [Fact]
    public async Task An_alignment_lets_text_queries_search_photos_the_model_alone_cannot()
    {
        var data = GrocerySubsets.Catalog(Path.Combine(_root, "catalog"), products: 5, trainPerProduct: 4, testPerProduct: 2);
        var encoder = new PixelProjectionEncoder(withText: true);
        var trained = await AdapterTrainingRun.RunAsync(TrainingSplit.Open(EvalLayout.Catalog, data, AdapterKind.Align), encoder, new TrainingSettings(AdapterKind.Align), null, CancellationToken.None);
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);

        var report = await runner.RunAsync(Guid.NewGuid().ToString("N")[..12], new EvaluationSettings(EvalLayout.Catalog, data, Path.Combine(_root, "out"), Shards: 2), encoder, progress,
            EvaluationAdapter.For("align.bin", trained.Adapter, encoder));

        var names = report.Metrics.Select(m => m.Name).ToList();
        Assert.DoesNotContain("t2i_test_recall@10", names);
        Assert.Contains("adapted.t2i_test_recall@10", names);
        Assert.Contains("adapted.i2product_titles_recall@1", names);
        Assert.Contains("adapted.t2product_photos_recall@1", names);
        Assert.Contains("i2product_recall@1", names);
        Assert.Contains(report.Notes, n => n.Contains("'t2i_test' was not run", StringComparison.Ordinal));
        Assert.Equal(10, report.Counts["adapted.t2i_test.gallery"]);
    }
}
