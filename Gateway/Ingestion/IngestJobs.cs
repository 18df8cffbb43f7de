using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Ingestion;

/// <summary>A catalog ingestion started over HTTP, as its status endpoint and the console show it.</summary>
public sealed record IngestJobStatus(
    string Id,
    string Collection,
    string Catalog,
    string Phase,
    int Done,
    int Total,
    int Ingested,
    int SkippedUnchanged,
    int Failed,
    double ItemsPerSecond,
    double? EtaSeconds,
    double ElapsedSeconds,
    bool Finished,
    string? Error,
    IReadOnlyList<IngestFailure> Failures);

/// <summary>
/// Catalog ingestions running in this gateway process as background jobs (the same <see cref="CatalogIngestor"/>
/// as the <c>ingest</c> verb: encoding on the encoder grains, resumable by content hash). Their status lives in
/// this process: a restarted gateway forgets it, and a re-run skips what was already ingested.
/// </summary>
public sealed class IngestJobs(ProductWriter writer, ClusterCatalog catalog, IOptions<EncodingOptions> encoding, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new();

    public IngestJobStatus Start(CollectionSpec spec, string catalogPath, string imageRoot, DataRoot confine)
    {
        var id = $"ingest-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
        var job = new Job(id, spec.Name, catalogPath, time);
        _jobs[id] = job;
        var ingestor = new CatalogIngestor(writer, new ClusterIngestTarget(catalog, spec), time);
        var settings = new IngestSettings(imageRoot, MaxImageBytes: encoding.Value.MaxImageBytes, Confine: confine);
        job.Task = Task.Run(() => ingestor.RunAsync(catalogPath, settings, new Progress<IngestProgress>(job.Report), job.Cancellation.Token));
        return job.Status();
    }

    public IReadOnlyList<IngestJobStatus> List() => [.. _jobs.Values.Select(j => j.Status()).OrderByDescending(s => s.Id, StringComparer.Ordinal)];

    public IngestJobStatus? Get(string id) => _jobs.TryGetValue(id, out var job) ? job.Status() : null;

    public IngestJobStatus? Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job)) return null;
        job.Cancellation.Cancel();
        return job.Status();
    }

    private sealed class Job(string id, string collection, string catalogPath, TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();
        private IngestProgress _progress = new(0, 0, 0, 0, 0);

        public CancellationTokenSource Cancellation { get; } = new();

        public Task<IngestSummary>? Task { get; set; }

        public void Report(IngestProgress progress) => Volatile.Write(ref _progress, progress);

        public IngestJobStatus Status()
        {
            var progress = Volatile.Read(ref _progress);
            var elapsed = time.GetElapsedTime(_started).TotalSeconds;
            var task = Task;
            var (phase, error) = task switch
            {
                { IsCompletedSuccessfully: true } => ("Completed", (string?)null),
                { IsCanceled: true } => ("Cancelled", null),
                { IsFaulted: true } when task.Exception!.InnerException is OperationCanceledException => ("Cancelled", null),
                { IsFaulted: true } => ("Failed", task.Exception!.InnerException?.Message),
                _ => ("Running", null),
            };
            var summary = task is { IsCompletedSuccessfully: true } ? task.Result : null;
            var done = summary is null ? progress.Processed : summary.Ingested + summary.SkippedUnchanged + summary.Failed;
            var rate = elapsed > 0 ? done / elapsed : 0;
            var eta = rate > 0 && progress.Total > done && summary is null ? (progress.Total - done) / rate : (double?)null;
            return new IngestJobStatus(id, collection, Path.GetFileName(catalogPath), phase, done, Math.Max(progress.Total, done),
                summary?.Ingested ?? progress.Ingested, summary?.SkippedUnchanged ?? progress.SkippedUnchanged, summary?.Failed ?? progress.Failed,
                rate, eta, elapsed, phase != "Running", error, summary?.Failures.Take(100).ToList() ?? []);
        }
    }
}
