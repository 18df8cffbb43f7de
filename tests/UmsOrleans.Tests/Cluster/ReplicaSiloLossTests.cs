using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using UmsOrleans.Tests.Support;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Cluster;

/// <summary>
/// Two replicas per shard on three silo processes: a silo is killed while one client searches and another writes. No answer
/// may be partial, no acknowledged write may be lost, writes to the lost replicas fail within the shard timeout, and the
/// lost replicas come back on the survivors, apart from their siblings.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReplicaSiloLossTests(PostgresServer postgres, ITestOutputHelper output)
{
    private const int Seeded = 240;

    [Fact]
    public async Task Two_replicas_on_three_silos_answer_completely_and_keep_every_acknowledged_write_through_a_kill()
    {
        await using var cluster = await ProcessCluster.StartAsync(postgres, 3);
        var joined = Stopwatch.StartNew();
        var client = cluster.Client;
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync("/collections/ha", EmbeddedGatewayFixture.Json("""{"shards": 6, "replicas": 2, "spaces": {"image": 4}}"""))).StatusCode);
        var random = new Random(11);
        using (var upsert = await client.PostAsync("/collections/ha/products", EmbeddedGatewayFixture.Json(ProductsBody(Enumerable.Range(0, Seeded), random))))
        {
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        }
        // Apart: placed so, or moved apart a few seconds after activation when a busy machine placed two together.
        var before = await Poll.UntilAsync(() => ReplicasAsync(cluster), Apart, TimeSpan.FromSeconds(30), r => string.Join("; ", r), TimeSpan.FromMilliseconds(250));

        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var searching = SearchUntilAsync(client, clock, stop.Token);
        var writing = WriteUntilAsync(client, stop.Token);
        await Task.Delay(1000);
        // The gateway process learns of silos that joined after it started at its next gateway-list refresh
        // (Ums:Cluster:GatewayListRefresh, 5 s); until then it sends through the silos it knew.
        await Task.Delay(TimeSpan.FromSeconds(6) - joined.Elapsed is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);

        var victim = cluster.SiloAt(before[0].Silo!);
        var killedAt = Stopwatch.StartNew();
        var killedAfter = clock.Elapsed;
        await cluster.KillAsync(victim);

        // Whole again: every replica answers, none on the dead silo, each shard's two on distinct silos.
        var deadline = TimeSpan.FromSeconds(120);
        List<Replica> after;
        while (true)
        {
            after = await ReplicasAsync(cluster);
            if (after.All(r => r.Failure is null && r.Silo is not null && !r.Silo.Contains($"127.0.0.1:{victim.Port}:", StringComparison.Ordinal))
                && Apart(after))
            {
                break;
            }
            Assert.True(killedAt.Elapsed < deadline, $"replicas not whole 120 s after the kill: {string.Join("; ", after)}");
            await Task.Delay(250);
        }
        var whole = killedAt.Elapsed;
        await Task.Delay(3000);
        stop.Cancel();
        var searches = await searching;
        var writes = await writing;
        output.WriteLine($"replicas whole {whole.TotalSeconds:0.0} s after the kill; {searches.Count} searches ({searches.Ended.Count(t => t > killedAfter)} ended after the kill, the slowest {searches.Slowest.TotalSeconds:0.0} s), {writes.Acknowledged.Count} writes acknowledged, {writes.Refused} refused, slowest write {writes.Slowest.TotalSeconds:0.0} s");

        // Searches ran across the kill (a busy machine runs few: each returns 1,000 hits).
        Assert.True(searches.Ended.Any(t => t < killedAfter) && searches.Ended.Count(t => t > killedAfter) >= 2, $"searches ended at {string.Join(", ", searches.Ended.Select(t => $"{t.TotalSeconds:0.0} s"))}; the kill at {killedAfter.TotalSeconds:0.0} s");
        Assert.True(searches.Failures.Count == 0, $"{string.Join("\n", searches.Failures)}\ngateway log:\n{cluster.Gateway.Output}");
        Assert.True(writes.Acknowledged.Count > 0, "no write was acknowledged during the run");
        // Bounded by the shard timeout (10 s), never Orleans's 30 s response timeout.
        Assert.True(writes.Slowest < TimeSpan.FromSeconds(20), $"a write took {writes.Slowest.TotalSeconds:0.0} s");

        using var final = await client.PostAsync("/collections/ha/search", EmbeddedGatewayFixture.Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 1000}"""));
        using var result = JsonDocument.Parse(await final.Content.ReadAsStringAsync());
        Assert.False(result.RootElement.GetProperty("partial").GetBoolean());
        var ids = result.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToHashSet();
        Assert.All(Enumerable.Range(0, Seeded), i => Assert.Contains($"sku-{i}", ids));
        Assert.All(writes.Acknowledged, id => Assert.Contains(id, ids));
    }

    /// <summary>Searches until stopped: how many, which failed or were partial, when each ended (on <paramref name="clock"/>) and the slowest.</summary>
    private static async Task<(int Count, List<string> Failures, List<TimeSpan> Ended, TimeSpan Slowest)> SearchUntilAsync(HttpClient client, Stopwatch clock, CancellationToken stop)
    {
        var count = 0;
        var failures = new List<string>();
        var ended = new List<TimeSpan>();
        var slowest = TimeSpan.Zero;
        while (!stop.IsCancellationRequested)
        {
            var started = clock.Elapsed;
            using var search = await client.PostAsync("/collections/ha/search", EmbeddedGatewayFixture.Json("""{"vectors": {"image": [0, 1, 0, 0]}, "k": 1000}"""));
            var body = await search.Content.ReadAsStringAsync();
            count++;
            ended.Add(clock.Elapsed);
            slowest = clock.Elapsed - started > slowest ? clock.Elapsed - started : slowest;
            if (search.StatusCode != HttpStatusCode.OK) failures.Add($"{search.StatusCode}: {body}");
            else
            {
                using var result = JsonDocument.Parse(body);
                if (result.RootElement.GetProperty("partial").GetBoolean()) failures.Add($"partial: missingShards {result.RootElement.GetProperty("missingShards")}");
            }
        }
        return (count, failures, ended, slowest);
    }

    private static async Task<(List<string> Acknowledged, int Refused, TimeSpan Slowest)> WriteUntilAsync(HttpClient client, CancellationToken stop)
    {
        var random = new Random(12);
        var acknowledged = new List<string>();
        var refused = 0;
        var slowest = TimeSpan.Zero;
        for (var i = Seeded; !stop.IsCancellationRequested; i++)
        {
            var clock = Stopwatch.StartNew();
            using var upsert = await client.PostAsync("/collections/ha/products", EmbeddedGatewayFixture.Json(ProductsBody([i], random)));
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            using var result = JsonDocument.Parse(await upsert.Content.ReadAsStringAsync());
            if (upsert.StatusCode == HttpStatusCode.OK && result.RootElement.GetProperty("committed").GetInt32() == 1) acknowledged.Add($"sku-{i}");
            else refused++;
        }
        return (acknowledged, refused, slowest);
    }

    private static string ProductsBody(IEnumerable<int> ids, Random random) =>
        $$"""{"products": [{{string.Join(",", ids.Select(i =>
            $$$"""{"id": "sku-{{{i}}}", "vectors": {"image": [{{{string.Join(",", RandomVectors.Unit(random, 4).Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}}}]}}"""))}}]}""";

    private static bool Apart(List<Replica> replicas) => replicas.GroupBy(r => r.Shard).All(s => s.Select(r => r.Silo).Distinct().Count() == 2);

    private sealed record Replica(int Shard, int ReplicaNumber, string? Silo, string? Failure);

    private static async Task<List<Replica>> ReplicasAsync(ProcessCluster cluster)
    {
        using var response = await cluster.Client.GetAsync("/collections/ha");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /collections/ha: {response.StatusCode} {body}\n{cluster.Gateway.Output}");
        using var collection = JsonDocument.Parse(body);
        return [.. collection.RootElement.GetProperty("perReplica").EnumerateArray().Select(r => new Replica(
            r.GetProperty("shard").GetInt32(), r.GetProperty("replica").GetInt32(),
            r.TryGetProperty("silo", out var silo) ? silo.GetString() : null,
            r.TryGetProperty("failure", out var failure) ? failure.GetString() : null))];
    }
}
