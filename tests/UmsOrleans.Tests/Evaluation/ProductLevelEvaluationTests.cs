using Microsoft.Extensions.Logging.Abstractions;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// The catalog evaluation at product level: rows grouped by label into products with several photos, one hit per
/// product; test photos search products made of the train photos.
/// </summary>
[Collection(TestClusterCollection.Name)]
public sealed class ProductLevelEvaluationTests(TestClusterFixture fixture) : IDisposable
{
    private readonly string _root = TestPaths.NewTempDirectory("eval-products");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Photo_to_product_and_text_to_product_are_reported_beside_the_record_level_numbers()
    {
        // Four products, three train photos and one test photo each: the test photo is one of the train photos,
        // so a photo → product search must find its product first.
        var catalog = new List<string>();
        var queries = new List<string> { "query_id\ttext\tlabel" };
        var classes = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, SopReader.TestList)).Skip(1)
            .Select(l => l.Split(' ')).GroupBy(f => f[1]).Take(4).ToList();
        for (var label = 0; label < classes.Count; label++)
        {
            var photos = classes[label].Take(3).Select(f => f[3]).ToList();
            for (var i = 0; i < photos.Count; i++)
            {
                File.Copy(Path.Combine(TestPaths.GroceryDataset, photos[i]), Path.Combine(_root, $"p{label}-{i}.jpg"));
                catalog.Add($$"""{"id": "train{{label}}-{{i}}", "image": "p{{label}}-{{i}}.jpg", "title": "product {{label}}", "label": "{{label}}", "split": "train"}""");
            }
            catalog.Add($$"""{"id": "test{{label}}", "image": "p{{label}}-1.jpg", "title": "product {{label}}", "label": "{{label}}", "split": "test"}""");
            queries.Add($"q{label}\tproduct {label}\t{label}");
        }
        await File.WriteAllLinesAsync(Path.Combine(_root, CatalogReader.CatalogFile), catalog);
        await File.WriteAllLinesAsync(Path.Combine(_root, CatalogReader.QueriesFile), queries);
        var runner = new EvaluationRunner(fixture.Catalog, TimeProvider.System, NullLogger<EvaluationRunner>.Instance);
        using var progress = new ProgressTracker(TimeProvider.System);

        var report = await runner.RunAsync(Guid.NewGuid().ToString("N")[..12], new EvaluationSettings(EvalLayout.Catalog, _root, Path.Combine(_root, "out"), Shards: 2),
            new PixelProjectionEncoder(withText: true), progress);

        double Metric(string name) => report.Metrics.Single(m => m.Name == name).Value;
        Assert.Equal(1, Metric("i2product_recall@1"));
        Assert.Equal(1, Metric("t2product_recall@1"));
        Assert.Contains(report.Metrics, m => m.Name.StartsWith("t2title_", StringComparison.Ordinal));
        Assert.Equal(4, report.Counts["i2product.gallery"]); // four products, not twelve photos
        Assert.Equal(4, report.Counts["i2product.queries"]);
        Assert.Contains(report.Notes, n => n.Contains("'t2product_photos' was not run", StringComparison.Ordinal));
    }
}
