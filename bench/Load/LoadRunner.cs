using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Gateway.Hosting;

namespace UmsOrleans.Bench.Load;

/// <summary>
/// End to end: the real gateway program (embedded silo, SQLite catalog) in this process on a loopback port;
/// products bulk-loaded through <see cref="ClusterCatalog.UpsertAsync"/> (HTTP would only add JSON parsing to
/// the load); then closed-loop HTTP search clients at each concurrency, k = 10. <c>--index hnsw</c> (with <c>--m</c>,
/// <c>--ef-construction</c>, <c>--ef</c>) makes it an HNSW collection (the graph grows with every upsert; queries use
/// the collection's ef, so none of them is serialized per shard). <c>--dir D</c> loads the vectors and queries of
/// <c>make-vectors</c> (ids <c>p{row}</c>, the first <c>--rows</c> rows) instead of random ones, and prints
/// recall@10 over HTTP against the exact answers. <c>--bulk true</c> writes the products straight into the SQLite catalog before
/// the program starts, so the shards load them in one pass (an HNSW graph then builds on every core, not one upsert at a time).
/// <c>--client wrk</c> sends the load with wrk instead of HttpClient (<see cref="WrkClient"/>; warm-up and recall still use HttpClient).
/// </summary>
public static class LoadRunner
{
    public static async Task<int> RunAsync(Args args)
    {
        var rows = args.Int("rows", 1_000_000);
        var dim = args.Int("dim", 512);
        var shards = args.Int("shards", 8);
        var levels = args.Ints("concurrency", [1, 4, 16, 64]);
        var seconds = args.Int("seconds", 10);
        var maxRequests = args.Int("max-requests", 20_000);
        var quantization = args.String("quantization", "none");
        var maxBatch = args.Int("max-batch", 256);
        var indexType = args.String("index", "flat");
        var bulk = args.String("bulk", "false") == "true";
        var client = args.String("client", "dotnet");
        if (client is not ("dotnet" or "wrk")) throw new ArgumentException($"--client must be dotnet or wrk, got '{client}'.");
        if (client == "wrk" && !WrkClient.Available()) throw new ArgumentException("--client wrk needs /usr/bin/wrk (apt-get install wrk).");
        var ann = indexType switch
        {
            "flat" => null,
            "hnsw" => args.Hnsw(),
            _ => throw new ArgumentException($"--index must be flat or hnsw, got '{indexType}'."),
        };
        var indexLabel = ann is null ? "" : $", hnsw m {ann.M} efC {ann.EfConstruction} ef {ann.Ef} {ann.Precision.Name()}";
        var vectorDir = args.String("dir", "");
        SideBySide.VectorFiles.Meta? meta = null;
        if (vectorDir.Length > 0)
        {
            meta = SideBySide.VectorFiles.ReadMeta(vectorDir);
            rows = Math.Min(rows, meta.Rows);
            dim = meta.Dim;
        }
        var data = Path.Combine(args.String("work", "/tmp/ums-bench"), $"load-{Environment.ProcessId}");
        Directory.CreateDirectory(data);
        try
        {
            var spec = new CollectionSpec("bench", shards, [new VectorSpace("image", dim)],
                Quantization: quantization == "int8" ? QuantizationSpec.Int8() : null, Index: ann);
            var batches = meta is null ? SyntheticCatalog.Batches(rows, dim, 16_384, seed: 11) : FileBatches(vectorDir, meta, rows, 16_384);
            var load = Stopwatch.StartNew();
            if (bulk) await StoreWriter.WriteAsync(data, spec, batches);
            var written = load.Elapsed.TotalSeconds;
            var port = FreePort();
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ums:Catalog:DataDirectory"] = data,
                ["Ums:Cluster:SiloPort"] = FreePort().ToString(),
                ["Ums:Cluster:GatewayPort"] = FreePort().ToString(),
                ["Ums:Shard:MaxSearchBatch"] = maxBatch.ToString(),
                ["Ums:Search:ShardTimeout"] = "00:01:00",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.AddUmsGateway();
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            await using var app = builder.Build();
            app.MapUmsGateway();
            await app.StartAsync();
            var catalog = app.Services.GetRequiredService<ClusterCatalog>();
            if (bulk)
            {
                var cluster = app.Services.GetRequiredService<IGrainFactory>();
                await Task.WhenAll(Enumerable.Range(0, shards).Select(shard =>
                    cluster.GetGrain<IGalleryShardGrain>(Routing.ShardKey.Format(spec.Name, shard)).WaitUntilLoadedAsync(TimeProvider.System, CancellationToken.None)));
            }
            else
            {
                await catalog.CreateCollectionAsync(spec);
                foreach (var batch in batches)
                {
                    var results = await catalog.UpsertAsync(spec, batch);
                    if (results.FirstOrDefault(w => !w.Committed) is { } failed) throw new InvalidOperationException($"load failed: {failed.Error}");
                }
            }
            var loadSeconds = load.Elapsed.TotalSeconds;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var stats = await catalog.GetShardStatsAsync(spec);
            var held = stats.Sum(s => s.MemoryBytes);
            var raw = (long)rows * dim * sizeof(float);
            var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            Console.WriteLine($"# {rows:N0} × {dim} over {shards} shards, quantization {quantization}, max shard batch {maxBatch}: loaded in {loadSeconds:F0} s " +
                $"({rows / loadSeconds:N0} products/s{(bulk ? $"; written to SQLite in {written:F0} s, then the shards loaded" : "")}){indexLabel}{(meta is null ? "" : $", vectors from {vectorDir}")}; shards hold {held / (double)raw:F3} × raw vector bytes; GC heap {heap / (double)raw:F3} × raw");

            var random = new Random(5);
            var queryVectors = meta is null
                ? Enumerable.Range(0, 256).Select(_ => SyntheticCatalog.Unit(random, dim)).ToArray()
                : SideBySide.VectorFiles.ReadQueries(vectorDir, meta);
            var bodies = queryVectors.Select(q => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new
            {
                vectors = new Dictionary<string, float[]> { ["image"] = q },
                k = 10,
            }))).ToArray();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1024, UseProxy = false })
            {
                BaseAddress = new Uri($"http://127.0.0.1:{port}"),
                Timeout = TimeSpan.FromMinutes(2),
            };
            async Task<bool> Search(int n)
            {
                using var content = new ByteArrayContent(bodies[n % bodies.Length]);
                content.Headers.ContentType = new("application/json");
                using var response = await http.PostAsync("/collections/bench/search", content);
                var body = await response.Content.ReadAsStringAsync();
                return response.IsSuccessStatusCode && !body.Contains("\"partial\":true", StringComparison.Ordinal);
            }
            await ClosedLoop.RunAsync(2, 20, TimeSpan.FromSeconds(30), Search); // warm-up: JIT, connections
            if (meta is not null) Console.WriteLine($"# recall@10 over HTTP against the exact answers ({bodies.Length} queries{indexLabel}): {await RecallAsync(http, vectorDir, meta, rows, bodies):F3}");
            var wrk = client == "wrk" ? await WrkClient.CreateAsync(bodies, data) : null;
            Console.WriteLine($"# load generator: {(wrk is not null ? "wrk 4.1 (C, epoll; 2 threads)" : ".NET HttpClient")}, in this process's machine");
            Console.WriteLine("| vectors | dim | shards | quantization | clients | requests | failed | queries/s | p50 ms | p99 ms |");
            Console.WriteLine("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
            foreach (var clients in levels)
            {
                var r = wrk is not null
                    ? await wrk.RunAsync(new Uri(http.BaseAddress!, "/collections/bench/search"), clients, TimeSpan.FromSeconds(seconds))
                    : await ClosedLoop.RunAsync(clients, maxRequests, TimeSpan.FromSeconds(seconds), Search);
                Console.WriteLine($"| {rows:N0} | {dim} | {shards} | {quantization}{(maxBatch == 1 ? " (no batching)" : "")}{indexLabel} | {clients} | {r.Requests} | {r.Failures} | {r.QueriesPerSecond:F1} | {r.P50Ms:F1} | {r.P99Ms:F1} |");
            }
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The first <paramref name="rows"/> rows of a <c>make-vectors</c> file as products <c>p{row}</c> in space "image".</summary>
    private static IEnumerable<List<ProductRecord>> FileBatches(string dir, SideBySide.VectorFiles.Meta meta, int rows, int batchSize)
    {
        var batch = new List<ProductRecord>(batchSize);
        foreach (var (row, bytes) in SideBySide.VectorFiles.ReadRows(dir, meta, rows))
        {
            batch.Add(new ProductRecord($"p{row}", null, null, System.Collections.Immutable.ImmutableDictionary<string, AttributeValue>.Empty, [new SpaceVector("image", bytes)]));
            if (batch.Count == batchSize)
            {
                yield return batch;
                batch = new List<ProductRecord>(batchSize);
            }
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>recall@10 of the HTTP answers against an exact scan of the same rows (one shard index in this process).</summary>
    private static async Task<double> RecallAsync(HttpClient http, string dir, SideBySide.VectorFiles.Meta meta, int rows, byte[][] bodies)
    {
        var exact = SideBySide.VectorFiles.LoadIndex(dir, meta, null, rows);
        var queries = SideBySide.VectorFiles.ReadQueries(dir, meta);
        double total = 0;
        for (var i = 0; i < bodies.Length; i++)
        {
            var query = new UmsOrleans.Engine.Search.ShardQuery([new UmsOrleans.Engine.Search.QueryVector("v", 1f,
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(queries[i].AsSpan()).ToArray())], 10);
            var truth = exact.Search(query).Select(h => h.Id).ToHashSet();
            using var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync("/collections/bench/search", content);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var found = json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()).ToList();
            total += found.Count(id => id is not null && truth.Contains(id)) / 10.0;
        }
        return total / bodies.Length;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
