using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains.Cluster;

/// <summary>A collection's adapters and their training jobs as the gateway and the CLI see them: start, status, cancel, list.</summary>
public sealed class ClusterAdapters(IGrainFactory grains, TimeProvider time)
{
    /// <summary>How many of the newest training jobs (of every collection) a collection's job list is picked from.</summary>
    public const int JobScanLimit = 1000;

    /// <summary>A fresh job id: the start time and a random suffix.</summary>
    public string NewJobId() => $"adapter-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    public Task<AdapterTrainingStatus> StartAsync(string jobId, AdapterTrainingRequest request) =>
        grains.GetGrain<IAdapterTrainingGrain>(jobId).Start(request);

    public Task<AdapterTrainingStatus?> GetJobAsync(string jobId) => grains.GetGrain<IAdapterTrainingGrain>(jobId).GetStatus();

    public Task<AdapterTrainingStatus?> CancelJobAsync(string jobId) => grains.GetGrain<IAdapterTrainingGrain>(jobId).Cancel();

    /// <summary>
    /// The collection's training jobs, newest first, from the job store (so the list survives restarts). A finished job
    /// is read from its row; one still running there is asked of its grain, which answers live or Interrupted.
    /// </summary>
    public async Task<IReadOnlyList<AdapterTrainingStatus>> ListJobsAsync(string collection)
    {
        var rows = (await grains.GetGrain<IEvaluationRegistryGrain>(0).ListJobs(JobRecord.AdapterTraining, JobScanLimit))
            .Select(JobRows.FromWire)
            .Where(row => AdapterJobRows.Request(row).Collection == collection);
        return await Task.WhenAll(rows.Select(async row =>
            AdapterJobRows.IsRunning(row) ? await GetJobAsync(row.Id) ?? AdapterJobRows.Status(row) : AdapterJobRows.Status(row)));
    }

    /// <summary>Every stored version, oldest first, and the active one; null when the collection does not exist.</summary>
    public async Task<(int? Active, IReadOnlyList<StoredAdapter> Adapters)?> ListAdaptersAsync(string collection) =>
        await grains.GetGrain<IAdapterRegistryGrain>(0).ListAdapters(collection) is { } list
            ? (list.Active, [.. list.Adapters.Select(a => a.ToEngine())])
            : null;

    /// <summary>One stored version (without its matrices), or null when the collection has no such version.</summary>
    public async Task<StoredAdapter?> GetAdapterAsync(string collection, int version) =>
        (await grains.GetGrain<IAdapterRegistryGrain>(0).GetAdapter(collection, version))?.ToEngine();
}
