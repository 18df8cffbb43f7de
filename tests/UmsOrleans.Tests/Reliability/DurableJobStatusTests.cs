using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// Evaluation status kept in the job store: the program is stopped (its process killed) and started again over
/// the same data directory, as a user's machine restarts.
/// </summary>
public sealed class DurableJobStatusTests : IDisposable
{
    private readonly string _dataDirectory = TestPaths.NewTempDirectory("durable-jobs");

    private string Datasets => Path.Combine(_dataDirectory, "datasets");

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    private Task<EmbeddedGateway> StartGatewayAsync() => EmbeddedGateway.StartAsync(_dataDirectory, $"--Ums:Evaluation:DataRoot={Datasets}");

    private static async Task<JsonElement> GetAsync(HttpClient client, string path) => JsonDocument.Parse(await client.GetStringAsync(path)).RootElement;

    private static async Task<string> StartRunAsync(HttpClient client, string data)
    {
        using var start = await client.PostAsync("/evaluations", EmbeddedGatewayFixture.Json($$"""{"task": "sop", "data": "{{data}}", "shards": 2}"""));
        var body = await start.Content.ReadAsStringAsync();
        Assert.True(start.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("runId").GetString()!;
    }

    private static Task<JsonElement> UntilFinishedAsync(HttpClient client, string runId) => Poll.UntilAsync(
        () => GetAsync(client, $"/evaluations/{runId}"), s => s.GetProperty("finished").GetBoolean(), TimeSpan.FromMinutes(5), s => s.ToString(), TimeSpan.FromMilliseconds(250));

    [Fact]
    public async Task A_completed_run_is_still_listed_with_its_metrics_after_a_restart()
    {
        GrocerySubsets.Sop(Path.Combine(Datasets, "sop9"), classes: 3, perClass: 3);
        string runId;
        JsonElement before;
        await using (var gateway = await StartGatewayAsync())
        {
            runId = await StartRunAsync(gateway.Client, "sop9");
            before = await UntilFinishedAsync(gateway.Client, runId);
            Assert.True(before.GetProperty("phase").GetString() == "Completed", before.ToString());
        }

        await using var restarted = await StartGatewayAsync();
        var listed = (await GetAsync(restarted.Client, "/evaluations")).EnumerateArray().Single(r => r.GetProperty("runId").GetString() == runId);
        Assert.Equal("Completed", listed.GetProperty("phase").GetString());
        Assert.True(listed.GetProperty("finished").GetBoolean());
        Assert.Equal(before.GetProperty("metrics").GetProperty("recall@1").GetDouble(), listed.GetProperty("metrics").GetProperty("recall@1").GetDouble(), 9);
        Assert.Equal(before.GetProperty("elapsedSeconds").GetDouble(), listed.GetProperty("elapsedSeconds").GetDouble(), 1);
        Assert.Equal(before.GetProperty("outputDirectory").GetString(), listed.GetProperty("outputDirectory").GetString());
        var single = await GetAsync(restarted.Client, $"/evaluations/{runId}");
        Assert.Equal("Completed", single.GetProperty("phase").GetString());
        using var again = await restarted.Client.PostAsync($"/evaluations/{runId}/restart", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_run_whose_process_was_killed_is_interrupted_with_its_last_progress_and_a_restart_completes_it()
    {
        // Long enough (hundreds of photos) that the run is certainly still going when the test sees its progress,
        // however loaded the machine; the restart then finds the folder cut down, so it completes quickly.
        var dataset = GrocerySubsets.Sop(Path.Combine(Datasets, "sop-killed"), classes: 40, perClass: 10, classStep: 1);
        string runId;
        await using (var gateway = await StartGatewayAsync())
        {
            runId = await StartRunAsync(gateway.Client, "sop-killed");
            var running = await Poll.UntilAsync(() => GetAsync(gateway.Client, $"/evaluations/{runId}"),
                s => s.GetProperty("finished").GetBoolean() || s.GetProperty("done").GetInt64() > 0, TimeSpan.FromMinutes(3), s => s.ToString(), TimeSpan.FromMilliseconds(100));
            Assert.False(running.GetProperty("finished").GetBoolean(), $"the run ended before the test could stop it: {running}");
        } // killed mid-run

        GrocerySubsets.Sop(dataset, classes: 12, perClass: 5);
        await using var restarted = await StartGatewayAsync();
        var interrupted = (await GetAsync(restarted.Client, "/evaluations")).EnumerateArray().Single(r => r.GetProperty("runId").GetString() == runId);
        Assert.True(interrupted.GetProperty("phase").GetString() == "Interrupted", interrupted.ToString());
        Assert.True(interrupted.GetProperty("finished").GetBoolean());
        Assert.True(interrupted.GetProperty("total").GetInt64() > 0, interrupted.ToString());
        Assert.Contains("interrupted in phase ", interrupted.GetProperty("error").GetString());
        Assert.Equal("Interrupted", (await GetAsync(restarted.Client, $"/evaluations/{runId}")).GetProperty("phase").GetString());

        using var restart = await restarted.Client.PostAsync($"/evaluations/{runId}/restart", null);
        Assert.True(restart.StatusCode == HttpStatusCode.Accepted, await restart.Content.ReadAsStringAsync());
        var completed = await UntilFinishedAsync(restarted.Client, runId);
        Assert.True(completed.GetProperty("phase").GetString() == "Completed", completed.ToString());
        Assert.InRange(completed.GetProperty("metrics").GetProperty("recall@1").GetDouble(), 0, 1);
        var listed = (await GetAsync(restarted.Client, "/evaluations")).EnumerateArray().Single(r => r.GetProperty("runId").GetString() == runId);
        Assert.Equal("Completed", listed.GetProperty("phase").GetString());
    }
}
