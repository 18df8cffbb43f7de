using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Gateway.Ingestion;

/// <summary>The job store as a gateway reaches it: through the silos, which hold the catalog database.</summary>
public sealed class ClusterJobStore(IGrainFactory grains) : IJobStore
{
    private IEvaluationRegistryGrain Registry => grains.GetGrain<IEvaluationRegistryGrain>(0);

    public Task SaveJobAsync(JobRecord job, CancellationToken cancellationToken = default) => Registry.SaveJob(JobRows.ToWire(job));

    public async Task<JobRecord?> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        await Registry.GetJob(id) is { } job ? JobRows.FromWire(job) : null;

    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(string kind, int limit, CancellationToken cancellationToken = default) =>
        [.. (await Registry.ListJobs(kind, limit)).Select(JobRows.FromWire)];
}
