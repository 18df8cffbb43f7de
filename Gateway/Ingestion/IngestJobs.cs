using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Evaluation.Progress;
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
/// as the <c>ingest</c> verb: encoding on the encoder grains, resumable by content hash). Each job's status is
/// saved in the job store (at start, every few seconds, at the end), so lists survive a restart; a stored job
/// still running that no gateway has saved for <see cref="StaleAfter"/> reads as Interrupted, and posting the
/// same catalog again resumes it (what was ingested is skipped by content hash).
/// </summary>
public sealed class IngestJobs(
    ProductWriter writer, ClusterCatalog catalog, IGrainFactory grains, IOptions<EncodingOptions> encoding, IOptions<Api.RequestLimits> limits, TimeProvider time, ILogger<IngestJobs> logger)
{
    private const int ListLimit = 200;
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(5);

    /// <summary>Several missed saves: the gateway that ran the job is gone (this one never owned it, or restarted).</summary>
    private static readonly TimeSpan StaleAfter = SaveInterval * 4;

    private readonly ConcurrentDictionary<string, Job> _jobs = new();
    private readonly ClusterJobStore _store = new(grains);

    public async Task<IngestJobStatus> StartAsync(CollectionSpec spec, string catalogPath, string imageRoot, DataRoot confine, string groupBy = CatalogProducts.DefaultGroupField)
    {
        var id = $"ingest-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";
        var job = new Job(id, spec.Name, catalogPath, time);
        var request = JsonSerializer.Serialize(new { collection = spec.Name, catalog = catalogPath, root = imageRoot, groupBy });
        var statusWriter = await JobStatusWriter.StartAsync(_store, () => job.Row(request), time, SaveInterval, logger);
        _jobs[id] = job;
        var ingestor = new CatalogIngestor(writer, new ClusterIngestTarget(catalog, spec), time);
        var settings = new IngestSettings(imageRoot, MaxImageBytes: encoding.Value.MaxImageBytes, Confine: confine, GroupBy: groupBy, MaxPhotos: limits.Value.MaxPhotosPerProduct);
        job.Task = Task.Run(() => ingestor.RunAsync(catalogPath, settings, new Progress<IngestProgress>(job.Report), job.Cancellation.Token));
        _ = job.Task.ContinueWith(_ =>
        {
            job.End();
            return statusWriter.StopAsync();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        return job.Status();
    }

    /// <summary>The newest jobs from the job store, this gateway's own live.</summary>
    public async Task<IReadOnlyList<IngestJobStatus>> ListAsync()
    {
        var rows = await _store.ListJobsAsync(JobRecord.Ingestion, ListLimit);
        return [.. rows.Select(row => _jobs.TryGetValue(row.Id, out var job) ? job.Status() : FromRow(row))];
    }

    public async Task<IngestJobStatus?> GetAsync(string id)
    {
        if (_jobs.TryGetValue(id, out var job)) return job.Status();
        return await _store.GetJobAsync(id) is { Kind: JobRecord.Ingestion } row ? FromRow(row) : null;
    }

    /// <summary>Cancels a job of this gateway; null when this gateway runs no such job.</summary>
    public IngestJobStatus? Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job)) return null;
        job.Cancellation.Cancel();
        return job.Status();
    }

    private IngestJobStatus FromRow(JobRecord row)
    {
        var counts = row.Result is { } json ? JsonSerializer.Deserialize<StoredCounts>(json, CamelCase) : null;
        var running = row.Unfinished;
        var interrupted = running && time.GetUtcNow() - row.UpdatedAt > StaleAfter;
        var phase = interrupted ? "Interrupted" : row.Phase;
        var error = interrupted ? $"interrupted at {row.Done}/{row.Total}: the gateway running it stopped. Post the same catalog again to resume (ingested items are skipped)." : row.Error;
        var request = JsonSerializer.Deserialize<StoredRequest>(row.Request, CamelCase);
        return new IngestJobStatus(row.Id, request?.Collection ?? "", Path.GetFileName(request?.Catalog ?? ""), phase, (int)row.Done, (int)row.Total,
            counts?.Ingested ?? 0, counts?.SkippedUnchanged ?? 0, counts?.Failed ?? 0, 0, null, row.Elapsed.TotalSeconds, !running || interrupted, error, counts?.Failures ?? []);
    }

    private sealed record StoredRequest(string Collection, string Catalog, string Root);

    private sealed record StoredCounts(int Ingested, int SkippedUnchanged, int Failed, IReadOnlyList<IngestFailure> Failures);

    private static readonly JsonSerializerOptions CamelCase = new(JsonSerializerDefaults.Web);

    private sealed class Job(string id, string collection, string catalogPath, TimeProvider time)
    {
        private readonly long _started = time.GetTimestamp();
        private readonly DateTimeOffset _startedAt = time.GetUtcNow();
        private IngestProgress _progress = new(0, 0, 0, 0, 0);
        private long _ended;

        public CancellationTokenSource Cancellation { get; } = new();

        public Task<IngestSummary>? Task { get; set; }

        public void Report(IngestProgress progress) => Volatile.Write(ref _progress, progress);

        /// <summary>Stops the clock: a finished job's elapsed time does not grow.</summary>
        public void End() => Interlocked.CompareExchange(ref _ended, time.GetTimestamp(), 0);

        public JobRecord Row(string request)
        {
            var status = Status();
            var counts = JsonSerializer.Serialize(new StoredCounts(status.Ingested, status.SkippedUnchanged, status.Failed, status.Failures), CamelCase);
            var now = time.GetUtcNow();
            return new JobRecord(id, JobRecord.Ingestion, request, status.Phase, status.Done, status.Total, _startedAt, now,
                status.Finished ? _startedAt + TimeSpan.FromSeconds(status.ElapsedSeconds) : null, status.Error, counts);
        }

        public IngestJobStatus Status()
        {
            var progress = Volatile.Read(ref _progress);
            var ended = Interlocked.Read(ref _ended);
            var elapsed = time.GetElapsedTime(_started, ended == 0 ? time.GetTimestamp() : ended).TotalSeconds;
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
                phase == "Running" ? rate : 0, eta, elapsed, phase != "Running", error, summary?.Failures.Take(100).ToList() ?? []);
        }
    }
}
