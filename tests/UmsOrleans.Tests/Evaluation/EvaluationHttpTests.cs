using System.Net;
using System.Text.Json;
using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Features;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>Evaluation runs started over HTTP against the real program with the default model.</summary>
[Collection(EmbeddedGatewayCollection.Name)]
public sealed class EvaluationHttpTests(EmbeddedGatewayFixture fixture)
{
    private HttpClient Client => fixture.Client;

    [Theory]
    [InlineData("""{"task": "nope", "data": "x"}""", "task")]
    [InlineData("""{"data": "x"}""", "task")]
    [InlineData("""{"task": "sop", "data": "../../etc"}""", "data")]
    [InlineData("""{"task": "sop", "data": "/etc"}""", "data")]
    [InlineData("""{"task": "sop", "data": "no-such-dataset"}""", "data")]
    [InlineData("""{"task": "sop", "data": "tiny", "shards": 0}""", "shards")]
    [InlineData("""{"task": "sop", "data": "tiny", "model": "no-such-model"}""", "model")]
    [InlineData("""{"task": "sop", "data": "tiny", "adapter": "../outside.adapter"}""", "adapter")]
    [InlineData("""{"task": "sop", "data": "tiny", "adapter": "no-such.adapter"}""", "adapter")]
    [InlineData("""{"task": "sop", "data": "tiny", "ocr": "scan"}""", "ocr")]
    [InlineData("""{"task": "sop", "data": "tiny", "ocr": "files"}""", "ocr")]
    [InlineData("""{"task": "ctc", "data": "tiny", "ocr": "files"}""", "ocr")]
    public async Task A_bad_run_request_is_a_400_naming_the_field(string body, string field)
    {
        GrocerySubsets.Sop(Path.Combine(fixture.DatasetsDirectory, "tiny"), classes: 2, perClass: 2);
        using var response = await Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(field, problem.RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task An_adapter_that_does_not_fit_the_model_is_a_400_before_any_run()
    {
        GrocerySubsets.Sop(Path.Combine(fixture.DatasetsDirectory, "tiny"), classes: 2, perClass: 2);
        await File.WriteAllBytesAsync(Path.Combine(fixture.DatasetsDirectory, "narrow.adapter"), AdapterCodec.Write(new Adapter(AdapterKind.Adapt, "image.adapted", 2,
            [new LinearMap("image", 48, 2, new float[48], new float[96])], new AdapterTraining("lda", 0.1, 9, 3, 0), [], 0)));

        using var response = await Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json("""{"task": "sop", "data": "tiny", "adapter": "narrow.adapter"}"""));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("reads 48-d 'image' vectors but model 'default' makes 512-d ones", text);
    }

    [Fact]
    public async Task An_unknown_run_is_a_404()
    {
        using var response = await Client.GetAsync("/evaluations/sop-19990101-000000-abcd");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_run_goes_through_its_phases_and_its_metrics_match_the_dumped_features()
    {
        GrocerySubsets.Sop(Path.Combine(fixture.DatasetsDirectory, "sop16"), classes: 4, perClass: 4);
        using var start = await Client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json("""{"task": "sop", "data": "sop16", "shards": 2, "dumpFeatures": true}"""));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var runId = JsonDocument.Parse(await start.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        Assert.Equal($"/evaluations/{runId}", start.Headers.Location?.ToString());

        // The run goes on in the gateway's process: a bounded poll for "finished".
        var run = await Poll.UntilAsync(
            async () => JsonDocument.Parse(await Client.GetStringAsync($"/evaluations/{runId}")).RootElement,
            status => status.GetProperty("finished").GetBoolean(), TimeSpan.FromMinutes(5), status => status.ToString(), TimeSpan.FromMilliseconds(250));

        Assert.True(run.GetProperty("phase").GetString() == "Completed", run.ToString());
        var published = PublishedResults.For(EvalLayout.Sop).Single(r => r.Method == PublishedResults.Ums && r.Metric == "recall@1");
        Assert.Equal(published.Percent / 100, run.GetProperty("published").GetProperty("recall@1").GetDouble(), 9);
        var recallAt1 = run.GetProperty("metrics").GetProperty("recall@1").GetDouble();
        using (var list = JsonDocument.Parse(await Client.GetStringAsync("/evaluations")))
        {
            Assert.Contains(list.RootElement.EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
        }

        // Recompute leave-one-out Recall@1 from the dumped features, independently of the cluster.
        var output = run.GetProperty("outputDirectory").GetString()!;
        var features = NpyReader.ReadMatrix(Directory.GetFiles(output, "*_image_features.npy").Single());
        var labels = File.ReadLines(Directory.GetFiles(output, "*_items.tsv").Single()).Skip(1).Select(l => l.Split('\t')[3]).ToArray();
        Assert.Equal(16, features.Rows);
        var hits = 0;
        for (var q = 0; q < features.Rows; q++)
        {
            var best = -1;
            var bestScore = double.NegativeInfinity;
            for (var g = 0; g < features.Rows; g++)
            {
                if (g == q) continue;
                double score = 0;
                for (var d = 0; d < features.Columns; d++) score += features.Row(q)[d] * features.Row(g)[d];
                if (score > bestScore) (best, bestScore) = (g, score);
            }
            if (labels[best] == labels[q]) hits++;
        }
        Assert.Equal(hits / 16.0, recallAt1, 9);
        Assert.True(File.Exists(Path.Combine(output, "metrics.json")));
        Assert.True(File.Exists(Path.Combine(output, "report.md")));
    }
}
