using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Trace;
using UmsOrleans.Engine.Telemetry;
using UmsOrleans.Gateway.Hosting;
using UmsOrleans.Tests.Support;
using static UmsOrleans.Tests.Support.EmbeddedGatewayFixture;

namespace UmsOrleans.Tests.Observability;

/// <summary>
/// The gateway in this process, its spans captured by an in-memory exporter: one search is one trace, from the
/// HTTP request through each shard to the merge.
/// </summary>
public sealed class SearchTraceTests : IAsyncLifetime
{
    private const int Shards = 3;

    private readonly string _directory = TestPaths.NewTempDirectory("trace");
    private readonly ConcurrentQueue<Activity> _spans = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder([
            "--urls", "http://127.0.0.1:0",
            $"--Ums:Catalog:DataDirectory={_directory}",
            $"--Ums:Cluster:SiloPort={ExternalProcess.FreeTcpPort()}",
            $"--Ums:Cluster:GatewayPort={ExternalProcess.FreeTcpPort()}",
            "--Ums:Telemetry:Traces=true",
        ]);
        builder.AddUmsGateway();
        builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(new QueueCollection(_spans)));
        _app = builder.Build();
        _app.MapUmsGateway();
        await _app.StartAsync();
        _client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    [Fact]
    public async Task One_search_is_one_trace_with_the_http_span_a_span_per_shard_and_the_merge()
    {
        var name = $"trace-{Guid.NewGuid():N}";
        (await _client.PutAsync($"/collections/{name}", Json($$$"""{"shards": {{{Shards}}}, "spaces": {"image": 4}}"""))).EnsureSuccessStatusCode();
        (await _client.PostAsync($"/collections/{name}/products", Json("""{"products": [{"id": "p1", "vectors": {"image": [1, 0, 0, 0]}}]}"""))).EnsureSuccessStatusCode();

        (await _client.PostAsync($"/collections/{name}/search", Json("""{"vectors": {"image": [1, 0, 0, 0]}, "k": 1}"""))).EnsureSuccessStatusCode();

        // The server span ends once the response is written, which may be just after the client has read it.
        var http = await Poll.UntilAsync(
            () => Task.FromResult(_spans.FirstOrDefault(s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == $"/collections/{name}/search")),
            span => span is not null, TimeSpan.FromSeconds(10), _ => string.Join(", ", _spans.Select(s => s.DisplayName)));
        var trace = _spans.Where(s => s.TraceId == http!.TraceId).ToList();
        var search = Assert.Single(trace, s => s.OperationName == "ums.search");
        var calls = trace.Where(s => s.OperationName == "ums.shard.call").ToList();
        var scans = trace.Where(s => s.OperationName == "ums.shard.search").ToList();
        var merge = Assert.Single(trace, s => s.OperationName == "ums.search.merge");

        Assert.Equal(http!.SpanId, search.ParentSpanId);
        Assert.Equal(Enumerable.Range(0, Shards), calls.Select(s => (int)s.GetTagItem(UmsInstruments.ShardTag)!).Order());
        Assert.All(calls, call => Assert.Equal(search.SpanId, call.ParentSpanId));
        Assert.Equal(Enumerable.Range(0, Shards), scans.Select(s => (int)s.GetTagItem(UmsInstruments.ShardTag)!).Order());
        Assert.All(scans, scan => Assert.Equal(name, scan.GetTagItem(UmsInstruments.CollectionTag)));
        Assert.Equal(search.SpanId, merge.ParentSpanId);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The exporter's collection, safe for spans ending on several threads at once.</summary>
    private sealed class QueueCollection(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;
        public bool IsReadOnly => false;
        public void Add(Activity item) => queue.Enqueue(item);
        public void Clear() => queue.Clear();
        public bool Contains(Activity item) => queue.Contains(item);
        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);
        public bool Remove(Activity item) => throw new NotSupportedException();
        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
