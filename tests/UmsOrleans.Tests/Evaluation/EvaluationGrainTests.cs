using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Tests.Support;

using UmsOrleans.Tests.Cluster;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>The evaluation grain runs in the background: Start returns at once, status follows the run, Cancel stops it.</summary>
[Collection(TestClusterCollection.Name)]
public sealed class EvaluationGrainTests(TestClusterFixture fixture) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(2);
    private readonly string _directory = TestPaths.NewTempDirectory("eval-grain");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_started_run_reports_progress_and_ends_with_metrics_and_files()
    {
        var grain = fixture.Cluster.Client.GetGrain<IEvaluationGrain>($"grain-{Guid.NewGuid():N}"[..24]);
        var output = Path.Combine(_directory, "out");

        var started = await grain.Start(new EvaluationRequest("sop", WriteSubset(every: 25), new PixelProjectionEncoder().Model, 2, output));
        var again = await grain.Start(new EvaluationRequest("inshop", "/nowhere", "other", 1, output));
        var status = await WaitUntilFinishedAsync(grain);

        Assert.False(started.Finished);
        Assert.Equal(started.RunId, again.RunId);
        Assert.Equal("Completed", status.Phase);
        Assert.Null(status.Error);
        Assert.Equal(["map@r", "recall@1", "recall@10", "recall@100"], status.Metrics.Keys.Order());
        Assert.InRange(status.Metrics["recall@1"], 0.0, 1.0);
        Assert.True(File.Exists(Path.Combine(output, MetricsJsonWriter.FileName)));
        Assert.True(File.Exists(Path.Combine(output, MarkdownReportWriter.FileName)));
    }

    [Fact]
    public async Task Cancel_stops_a_running_run()
    {
        var grain = fixture.Cluster.Client.GetGrain<IEvaluationGrain>($"cancel-{Guid.NewGuid():N}"[..24]);
        await grain.Start(new EvaluationRequest("sop", WriteSubset(every: 100), TestEncoderFactory.Blocking, 2, Path.Combine(_directory, "out")));
        await fixture.Encoders.Gated.Entered.WaitAsync(Deadline);

        var running = await grain.GetStatus();
        await grain.Cancel();
        var status = await WaitUntilFinishedAsync(grain);

        Assert.Equal("EncodingGallery", running!.Phase);
        Assert.Equal("Cancelled", status.Phase);
        Assert.Empty(status.Metrics);
    }

    [Fact]
    public async Task A_bad_request_is_refused_with_the_field_named()
    {
        var grain = fixture.Cluster.Client.GetGrain<IEvaluationGrain>($"bad-{Guid.NewGuid():N}"[..20]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(new EvaluationRequest("imagenet", _directory, "m", 2, _directory)));
        Assert.Contains("layout 'imagenet'", error.Message);
        Assert.Null(await grain.GetStatus());
    }

    private static async Task<EvaluationStatus> WaitUntilFinishedAsync(IEvaluationGrain grain)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (DateTime.UtcNow < deadline)
        {
            var status = await grain.GetStatus();
            if (status is { Finished: true }) return status;
            await Task.Delay(50);
        }
        throw new TimeoutException("the evaluation run did not finish in time.");
    }

    private string WriteSubset(int every)
    {
        var grocery = TestPaths.GroceryDataset;
        var lines = File.ReadAllLines(Path.Combine(grocery, SopReader.TestList));
        var picked = lines.Skip(1).Where((_, i) => i % every == 0).Select(l => l.Split(' ')).Select(f => $"{f[0]} {f[1]} {f[2]} {Path.Combine(grocery, f[3])}");
        var root = Path.Combine(_directory, $"sop-{every}");
        Directory.CreateDirectory(root);
        File.WriteAllLines(Path.Combine(root, SopReader.TestList), [lines[0], .. picked]);
        return root;
    }
}
