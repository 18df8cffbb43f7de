using System.Text.Json;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Metrics;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

public sealed class ReportWriterTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("eval-report");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Metrics_json_and_markdown_show_our_numbers_beside_the_published_ones()
    {
        var report = new EvaluationReport(
            "run-1",
            EvalLayout.Sop,
            "/data/grocery",
            "resnet18",
            new Dictionary<string, string> { ["shards"] = "3" },
            new Dictionary<string, long> { ["queries"] = 2_485, ["gallery"] = 2_485 },
            [new MetricValue("recall@1", 0.81234), new MetricValue("map@r", 0.5)],
            [new SkippedItem("test", 4, "5", "/data/x.jpg", "image file not found")],
            [new PhaseTiming(EvaluationPhase.EncodingGallery, 2_485, TimeSpan.FromSeconds(50))],
            TimeSpan.FromSeconds(61),
            200L * 1024 * 1024,
            DateTimeOffset.UnixEpoch,
            []);

        var json = JsonDocument.Parse(File.ReadAllText(MetricsJsonWriter.Write(_directory, report))).RootElement;
        var markdown = File.ReadAllText(MarkdownReportWriter.Write(_directory, report));

        Assert.Equal(0.81234, json.GetProperty("metrics").GetProperty("recall@1").GetDouble());
        Assert.Equal("Sop", json.GetProperty("layout").GetString());
        Assert.Equal(3, json.GetProperty("published").GetArrayLength()); // UMS, ROADMAP, ViT-B + rank loss
        Assert.Equal("image file not found", json.GetProperty("skipped")[0].GetProperty("reason").GetString());
        Assert.Equal(49.7, json.GetProperty("phases")[0].GetProperty("itemsPerSecond").GetDouble());
        Assert.Contains("| recall@1 | 81.23 | 88.72 | ROADMAP 86.00 · ViT-B + rank loss 87.10 |", markdown);
        Assert.Contains("| EncodingGallery | 2,485 | 50.0 s | 49.7 |", markdown);
        Assert.Contains("peak memory 200.0 MiB", markdown);
        Assert.Contains("| test | 4 | 5 | item | image file not found | /data/x.jpg |", markdown);
    }

    [Fact]
    public void Published_numbers_cover_every_task_of_eval_spec()
    {
        Assert.Equal(88.72, PublishedResults.For(EvalLayout.Sop).Single(p => p.Method == PublishedResults.Ums).Percent);
        Assert.Equal(94.70, PublishedResults.For(EvalLayout.InShop).Single(p => p.Method == PublishedResults.Ums).Percent);
        Assert.Equal([85.68, 83.10, 81.13], PublishedResults.For(EvalLayout.Product1M).Where(p => p.Method == PublishedResults.Ums).Select(p => p.Percent));
        Assert.Equal(12, PublishedResults.For(EvalLayout.Ctc).Count(p => p.Method != PublishedResults.Ums));
    }
}
