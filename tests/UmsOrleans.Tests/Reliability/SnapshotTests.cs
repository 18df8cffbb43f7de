using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Support.EmbeddedGatewayFixture;

namespace UmsOrleans.Tests.Reliability;

/// <summary>
/// A collection snapshotted by one gateway and restored by another over a fresh data directory (the first one's deleted)
/// answers searches and product reads exactly as before; damaged snapshots and names outside the snapshots folder are
/// refused, and a restore that fails part way leaves no collection behind.
/// </summary>
public sealed class SnapshotTests
{
    private const string Collection = "shop";

    private static readonly string[] Photos =
    [
        "images/test/Vegetables/Asparagus/Asparagus_004.jpg",
        "images/test/Vegetables/Asparagus/Asparagus_012.jpg",
        "images/test/Vegetables/Asparagus/Asparagus_005.jpg",
    ];

    [Fact]
    public async Task A_restored_collection_answers_like_the_original_and_bad_snapshots_leave_nothing_behind()
    {
        var snapshots = TestPaths.NewTempDirectory("snapshots");
        var firstData = TestPaths.NewTempDirectory("snapshot-first");
        var random = new Random(14);
        var queries = Enumerable.Range(0, 3).Select(i => Query(random, i)).ToList();
        var ids = new List<string>();
        List<string> answers;
        Dictionary<string, (string Product, byte[]? Thumbnail)> reads;
        string snapshot;
        await using (var first = await EmbeddedGateway.StartAsync(firstData, $"--Ums:Snapshots:Directory={snapshots}"))
        {
            Assert.Equal(HttpStatusCode.Created, (await first.Client.PutAsync($"/collections/{Collection}", Json("""{"shards": 3, "model": "default"}"""))).StatusCode);
            var products = new List<string>();
            for (var i = 0; i < Photos.Length; i++)
            {
                var image = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(TestPaths.GroceryDataset, Photos[i])));
                products.Add($$"""{"id": "photo-{{i}}", "title": "Asparagus {{i}}", "category": "Vegetables", "attributes": {"origin": "Peru", "pack": "{{i}}"}, "image": "{{image}}"}""");
            }
            products.Add("""{"id": "text-only", "title": "Oat milk", "category": "Milk", "description": "Mild.", "attributes": {"vegan": "yes"}}""");
            for (var i = 0; i < 20; i++)
            {
                var vectors = $$"""{"image": {{Floats(RandomVectors.Unit(random, 512))}}, "text": {{Floats(RandomVectors.Unit(random, 384))}} }""";
                products.Add($$"""{"id": "vec-{{i}}", "title": "Item {{i}}", "attributes": {"n": "{{i}}"}, "vectors": {{vectors}} }""");
            }
            using var upsert = await first.Client.PostAsync($"/collections/{Collection}/products", Json($$"""{"products": [{{string.Join(",", products)}}]}"""));
            Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
            ids.AddRange(JsonDocument.Parse(await upsert.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));

            answers = await SearchAllAsync(first.Client, queries);
            reads = await ReadAllAsync(first.Client, ids);
            Assert.Contains(reads.Values, r => r.Thumbnail is not null);

            using var created = await first.Client.PostAsync($"/collections/{Collection}/snapshots", null);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
            snapshot = body.GetProperty("name").GetString()!;
            Assert.StartsWith($"{Collection}-", snapshot);
            Assert.Equal(ids.Count, body.GetProperty("products").GetInt64());
            Assert.True(body.GetProperty("bytes").GetInt64() > 0);
            var listed = JsonDocument.Parse(await first.Client.GetStringAsync($"/collections/{Collection}/snapshots")).RootElement;
            Assert.Contains(listed.EnumerateArray(), s => s.GetProperty("name").GetString() == snapshot);
        }
        Directory.Delete(firstData, recursive: true);

        var secondData = TestPaths.NewTempDirectory("snapshot-second");
        try
        {
            await using var second = await EmbeddedGateway.StartAsync(secondData, $"--Ums:Snapshots:Directory={snapshots}", "--Ums:Snapshots:RestoreBatchProducts=4");
            Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync($"/collections/{Collection}")).StatusCode);

            using (var restored = await RestoreAsync(second.Client, Collection, snapshot))
            {
                Assert.Equal(HttpStatusCode.Created, restored.StatusCode);
            }
            Assert.Equal(answers, await SearchAllAsync(second.Client, queries));
            var readsAfter = await ReadAllAsync(second.Client, ids);
            foreach (var id in ids)
            {
                Assert.Equal(reads[id].Product, readsAfter[id].Product);
                Assert.Equal(reads[id].Thumbnail, readsAfter[id].Thumbnail);
            }

            using (var again = await RestoreAsync(second.Client, Collection, snapshot))
            {
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            }
            foreach (var name in new[] { "../outside", "..", $"{snapshot}/../..", "/etc" })
            {
                using var traversal = await RestoreAsync(second.Client, "escaped", name);
                Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
                Assert.Equal("snapshot", JsonDocument.Parse(await traversal.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
            }
            Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync("/collections/escaped")).StatusCode);

            var tampered = CopySnapshot(snapshots, snapshot, "tampered");
            var data = Path.Combine(tampered, "products.jsonl");
            var bytes = await File.ReadAllBytesAsync(data);
            bytes[bytes.Length / 2] ^= 0x01;
            await File.WriteAllBytesAsync(data, bytes);
            using (var refused = await RestoreAsync(second.Client, "tampered-copy", "tampered"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
                var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("snapshot", problem.GetProperty("field").GetString());
                Assert.Contains("checksum", problem.GetProperty("detail").GetString());
            }
            Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync("/collections/tampered-copy")).StatusCode);

            // Checksums that match a last line the collection cannot hold: the restore fails after committing batches.
            var broken = CopySnapshot(snapshots, snapshot, "broken");
            await BreakLastLineAsync(broken);
            using (var failed = await RestoreAsync(second.Client, "broken-copy", "broken"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
                Assert.Contains("deleted again", await failed.Content.ReadAsStringAsync());
            }
            Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync("/collections/broken-copy")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await second.Client.GetAsync("/collections/broken-copy/products/vec-0")).StatusCode);
        }
        finally
        {
            Directory.Delete(secondData, recursive: true);
            Directory.Delete(snapshots, recursive: true);
        }
    }

    private static string Query(Random random, int i) => i switch
    {
        0 => $$"""{"vectors": {"image": {{Floats(RandomVectors.Unit(random, 512))}} }, "k": 10}""",
        1 => $$"""{"vectors": {"text": {{Floats(RandomVectors.Unit(random, 384))}} }, "k": 10}""",
        _ => $$"""{"vectors": {"image": {{Floats(RandomVectors.Unit(random, 512))}}, "text": {{Floats(RandomVectors.Unit(random, 384))}}}, "weights": {"image": 1, "text": 0.5}, "k": 30}""",
    };

    private static async Task<List<string>> SearchAllAsync(HttpClient client, List<string> queries)
    {
        var answers = new List<string>();
        foreach (var query in queries)
        {
            using var response = await client.PostAsync($"/collections/{Collection}/search", Json(query));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var hits = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("hits");
            Assert.True(hits.GetArrayLength() > 0);
            answers.Add(string.Join(";", hits.EnumerateArray().Select(h => $"{h.GetProperty("id").GetString()}={h.GetProperty("score").GetRawText()}")));
        }
        return answers;
    }

    private static async Task<Dictionary<string, (string Product, byte[]? Thumbnail)>> ReadAllAsync(HttpClient client, List<string> ids)
    {
        var reads = new Dictionary<string, (string, byte[]?)>();
        foreach (var id in ids)
        {
            var product = Canonical(await client.GetStringAsync($"/collections/{Collection}/products/{id}"));
            using var thumbnail = await client.GetAsync($"/collections/{Collection}/products/{id}/thumbnail");
            reads[id] = (product, thumbnail.IsSuccessStatusCode ? await thumbnail.Content.ReadAsByteArrayAsync() : null);
        }
        return reads;
    }

    /// <summary>The product with its attributes sorted: their order follows string hash codes, which differ from process to process.</summary>
    private static string Canonical(string product)
    {
        var node = JsonNode.Parse(product)!;
        var attributes = node["attributes"]!.AsObject().OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value!.GetValue<string>())).ToList();
        node["attributes"] = new JsonObject(attributes.Select(a => KeyValuePair.Create(a.Key, (JsonNode?)JsonValue.Create(a.Item2))));
        return node.ToJsonString();
    }

    private static Task<HttpResponseMessage> RestoreAsync(HttpClient client, string collection, string snapshot) =>
        client.PostAsync($"/collections/{collection}/restore", Json(JsonSerializer.Serialize(new { snapshot })));

    private static string CopySnapshot(string snapshots, string snapshot, string name)
    {
        var copy = Path.Combine(snapshots, name);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(Path.Combine(snapshots, snapshot))) File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        return copy;
    }

    /// <summary>Gives the last product a 2-float image vector, and the manifest the checksum of the result.</summary>
    private static async Task BreakLastLineAsync(string folder)
    {
        var data = Path.Combine(folder, "products.jsonl");
        var lines = (await File.ReadAllLinesAsync(data)).ToList();
        var last = JsonNode.Parse(lines[^1])!;
        last["vectors"]!["image"] = Convert.ToBase64String(new byte[8]);
        lines[^1] = last.ToJsonString();
        await File.WriteAllTextAsync(data, string.Join("\n", lines) + "\n");
        var bytes = await File.ReadAllBytesAsync(data);
        var manifestPath = Path.Combine(folder, "manifest.json");
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestPath))!;
        manifest["dataBytes"] = bytes.Length;
        manifest["dataSha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await File.WriteAllTextAsync(manifestPath, manifest.ToJsonString());
    }

    private static string Floats(float[] values) => $"[{string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}]";
}
