using System.Numerics.Tensors;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Tests.Cluster;
using UmsOrleans.Tests.Support;

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

        var root = WriteSubset(every: 25);
        var started = await grain.Start(new EvaluationRequest("sop", root, new PixelProjectionEncoder().Model, 2, output));
        var again = await grain.Start(new EvaluationRequest("inshop", "/nowhere", "other", 1, output));
        var status = await WaitUntilFinishedAsync(grain);

        Assert.False(started.Finished);
        Assert.Equal(started.RunId, again.RunId);
        Assert.Equal("Completed", status.Phase);
        Assert.Null(status.Error);
        Assert.Equal(["map@r", "recall@1", "recall@10", "recall@100"], status.Metrics.Keys.Order());
        Assert.True(File.Exists(Path.Combine(output, MetricsJsonWriter.FileName)));
        Assert.True(File.Exists(Path.Combine(output, MarkdownReportWriter.FileName)));

        // The metrics the run reports are the ones the same test encoder gives by brute force: every listed photo
        // encoded here, L2-normalised, ranked against all others by exact inner product (leave-one-out), and
        // Recall@K and MAP@R counted in this test.
        var (features, labels) = EncodeIndependently(root);
        var depth = Math.Max(100, labels.GroupBy(l => l).Max(g => g.Count()) - 1);
        var ranked = ExactScorer.Rank(features, features, depth, leaveOneOut: true);
        var expected = new Dictionary<string, double>
        {
            ["recall@1"] = RecallAt(ranked, labels, 1),
            ["recall@10"] = RecallAt(ranked, labels, 10),
            ["recall@100"] = RecallAt(ranked, labels, 100),
            ["map@r"] = MapAtR(ranked, labels),
        };
        // Equal, except where float summation order may swap near-tied items of different relevance: each such
        // query moves a metric by at most 1/queries (for this subset there are none, so the check is exact).
        var bound = (double)NearTies.AmbiguousQueries(features, features, labels, labels, depth, leaveOneOut: true) / features.Rows;
        Assert.All(expected, metric => Assert.InRange(Math.Abs(status.Metrics[metric.Key] - metric.Value), 0, bound));
        // Not a degenerate ranking, so the comparison above means something: some hits and some misses at 1,
        // more at 10 (a constant or broken encoder would give 0, or the same number at every K).
        Assert.InRange(expected["recall@1"], 0.01, 0.99);
        Assert.True(expected["recall@10"] > expected["recall@1"], $"recall@10 {expected["recall@10"]} ≤ recall@1 {expected["recall@1"]}");
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

    [Fact]
    public async Task Ocr_files_without_the_ocr_folder_is_refused_through_the_grain_naming_ocr()
    {
        var grain = fixture.Cluster.Client.GetGrain<IEvaluationGrain>($"ocr-{Guid.NewGuid():N}"[..20]);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => grain.Start(new EvaluationRequest("ctc", _directory, "m", 2, _directory, Ocr: "files")));
        // ParamName does not survive the grain call, so the message itself names the field (the gateway checks first).
        Assert.StartsWith("ocr: 'files' needs the OCR folder 'ctc_ocr'", error.Message);
        Assert.Null(await grain.GetStatus());
    }

    // The run goes on inside a silo and only answers status questions: a bounded poll for "finished".
    private static async Task<EvaluationStatus> WaitUntilFinishedAsync(IEvaluationGrain grain) =>
        (await Poll.UntilAsync(grain.GetStatus, status => status is { Finished: true }, Deadline, status => $"phase {status?.Phase}"))!;

    /// <summary>The subset as the run reads it (the SOP reader, in list order), each photo encoded and normalised here.</summary>
    private static (FeatureMatrix Features, int[] Labels) EncodeIndependently(string root)
    {
        var encoder = new PixelProjectionEncoder();
        var rows = new List<float[]>();
        var labels = new List<string>();
        foreach (var item in SopReader.Read(root, Path.Combine(root, SopReader.TestList), new SkipLog()))
        {
            var vector = encoder.Encode(item.ImagePath!).Vector ?? throw new InvalidOperationException($"{item.ImagePath} did not encode");
            TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
            rows.Add(vector);
            labels.Add(item.Label);
        }
        var codes = labels.Distinct().Select((label, code) => (label, code)).ToDictionary(p => p.label, p => p.code);
        return (new FeatureMatrix([.. rows.SelectMany(r => r)], rows.Count, PixelProjectionEncoder.Dimension), [.. labels.Select(l => codes[l])]);
    }

    /// <summary>Share of queries with a same-label item among their first k results.</summary>
    private static double RecallAt(int[][] ranked, int[] labels, int k) =>
        (double)ranked.Select((list, q) => list.Take(k).Any(g => labels[g] == labels[q])).Count(hit => hit) / ranked.Length;

    /// <summary>MAP@R, leave-one-out: R = the other items of the query's label; AP = (1/R) Σ_{i≤R} rel(i)·precision@i.</summary>
    private static double MapAtR(int[][] ranked, int[] labels)
    {
        var sum = 0.0;
        var queries = 0;
        for (var q = 0; q < ranked.Length; q++)
        {
            var r = labels.Count(l => l == labels[q]) - 1;
            if (r == 0) continue;
            var hits = 0;
            var precisions = 0.0;
            for (var i = 0; i < r; i++)
            {
                if (labels[ranked[q][i]] != labels[q]) continue;
                hits++;
                precisions += (double)hits / (i + 1);
            }
            sum += precisions / r;
            queries++;
        }
        return queries == 0 ? 0 : sum / queries;
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
