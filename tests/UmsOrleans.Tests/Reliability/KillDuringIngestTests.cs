using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// A 10,000-product ingest survives three kill -9 of its server in mid-stream: every product the API answered
/// "committed" is there afterwards, with its vector; nothing acknowledged is lost.
/// </summary>
public sealed class KillDuringIngestTests
{
    private const int Products = 10_000;
    private const int BatchSize = 100;
    private const int Dimension = 8;
    private const int Kills = 3;

    [Fact]
    public async Task Acknowledged_writes_survive_three_kills_during_a_10k_ingest()
    {
        var dataDirectory = TestPaths.NewTempDirectory("kill-ingest");
        const string Collection = "killed";
        var acknowledged = new ConcurrentDictionary<string, float>();
        var next = 0; // the first batch not yet acknowledged: a killed batch is sent again by the next server
        for (var round = 0; round <= Kills; round++)
        {
            var gateway = await EmbeddedGateway.StartAsync(dataDirectory);
            var alive = true;
            try
            {
                if (round == 0)
                {
                    Assert.Equal(HttpStatusCode.Created, (await gateway.Client.PutAsync($"/collections/{Collection}",
                        EmbeddedGatewayFixture.Json($$$"""{"shards": 4, "spaces": {"v": {{{Dimension}}}}}"""))).StatusCode);
                }
                // Kill after roughly a quarter of the products more, while the writer is sending.
                var killAt = round < Kills ? (round + 1) * Products / (Kills + 1) : int.MaxValue;
                while (next < Products / BatchSize && acknowledged.Count < killAt)
                {
                    Assert.True(await PostBatchAsync(gateway.Client, Collection, next, acknowledged), $"batch {next} was refused");
                    next++;
                }
                if (round < Kills)
                {
                    // One more batch in flight when the process dies: its products may or may not be committed, and
                    // it is not acknowledged, so the next server is sent it again.
                    var inFlight = PostBatchAsync(gateway.Client, Collection, next, acknowledged);
                    alive = false;
                    await gateway.DisposeAsync(); // kill -9
                    try
                    {
                        if (await inFlight) next++;
                    }
                    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or ObjectDisposedException)
                    {
                        // the server died (or the client was closed) before it answered
                    }
                }
                else
                {
                    Assert.Equal(Products / BatchSize, next);
                    await VerifyAsync(gateway.Client, Collection, acknowledged);
                }
            }
            finally
            {
                if (alive) await gateway.DisposeAsync();
            }
        }
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Posts batch <paramref name="batch"/>; true when the answer came, recording each committed product.</summary>
    private static async Task<bool> PostBatchAsync(HttpClient client, string collection, int batch, ConcurrentDictionary<string, float> acknowledged)
    {
        var items = Enumerable.Range(batch * BatchSize, BatchSize).Select(i => (Id: $"p{i}", First: FirstComponent(i))).ToList();
        var body = string.Join(",", items.Select(p =>
            $$$"""{"id": "{{{p.Id}}}", "vectors": {"v": [{{{p.First.ToString("R", CultureInfo.InvariantCulture)}}}, 1, 0, 0, 0, 0, 0, 0]}}"""));
        using var response = await client.PostAsync($"/collections/{collection}/products", EmbeddedGatewayFixture.Json($$"""{"products": [{{body}}]}"""));
        if (response.StatusCode != HttpStatusCode.OK) return false;
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var item in answer.RootElement.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("status").GetString() != "committed") continue;
            var id = item.GetProperty("id").GetString()!;
            acknowledged[id] = items.Single(p => p.Id == id).First;
        }
        return true;
    }

    private static float FirstComponent(int i) => 1f + i % 97;

    private static async Task VerifyAsync(HttpClient client, string collection, ConcurrentDictionary<string, float> acknowledged)
    {
        Assert.Equal(Products, acknowledged.Count);
        using var stats = JsonDocument.Parse(await client.GetStringAsync($"/collections/{collection}"));
        Assert.Equal(Products, stats.RootElement.GetProperty("products").GetInt64());
        var missing = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(acknowledged, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (product, token) =>
        {
            using var response = await client.GetAsync($"/collections/{collection}/products/{product.Key}", token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                missing.Add(product.Key);
                return;
            }
            using var stored = JsonDocument.Parse(await response.Content.ReadAsStringAsync(token));
            var v = stored.RootElement.GetProperty("vectors").GetProperty("v");
            var first = v[0].GetSingle() / v[1].GetSingle(); // stored L2-normalised: the ratio is what was sent
            if (Math.Abs(first - product.Value) > 1e-3f) missing.Add(product.Key);
        });
        Assert.True(missing.IsEmpty, $"{missing.Count} acknowledged products lost or changed, e.g. {string.Join(", ", missing.Take(5))}");
    }
}
