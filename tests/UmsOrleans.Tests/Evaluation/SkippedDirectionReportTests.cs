using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>A catalog run whose model cannot search photos by text: the report names only the direction that ran.</summary>
[Collection(TestClusterCollection.Name)]
public sealed class SkippedDirectionReportTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-skipped-direction");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task The_report_lists_only_the_directions_that_ran()
    {
        var photos = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, SopReader.TestList)).Skip(1)
            .Select(l => l.Split(' ')).GroupBy(f => f[1]).Take(3).Select(g => Path.Combine(TestPaths.GroceryDataset, g.First()[3])).ToList();
        var catalog = new List<string>();
        var queries = new List<string> { "query_id\ttext\tlabel" };
        for (var i = 0; i < photos.Count; i++)
        {
            File.Copy(photos[i], Path.Combine(_root, $"img{i}.jpg"));
            catalog.Add($$"""{"id": "p{{i}}", "image": "img{{i}}.jpg", "title": "product {{i}}", "label": "{{i}}"}""");
            queries.Add($"q{i}\tproduct {i}\t{i}");
        }
        await File.WriteAllLinesAsync(Path.Combine(_root, CatalogReader.CatalogFile), catalog);
        await File.WriteAllLinesAsync(Path.Combine(_root, CatalogReader.QueriesFile), queries);
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);

        // Not aligned: text queries cannot search the photos (t2i), only the titles (t2title).
        var report = await runner.RunAsync(Guid.NewGuid().ToString("N")[..12], new EvaluationSettings(EvalLayout.Catalog, _root, Path.Combine(_root, "out"), Shards: 2),
            new PixelProjectionEncoder(withText: true), progress);

        Assert.Contains(report.Metrics, m => m.Name.StartsWith("t2title_", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Metrics, m => m.Name.StartsWith("t2i_", StringComparison.Ordinal));
        Assert.StartsWith("t2title ", report.Configuration["directions"]);
        Assert.DoesNotContain("t2i", report.Configuration["directions"]);
        Assert.Contains(report.Notes, n => n.Contains("'t2i' was not run", StringComparison.Ordinal));
        var markdown = MarkdownReportWriter.Render(report);
        Assert.DoesNotContain("t2i (", markdown);
    }
}
