using System.Collections.Immutable;
using Orleans.Concurrency;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Grains;

[StatelessWorker]
public sealed class EvaluationRegistryGrain(IJobStore store) : Grain, IEvaluationRegistryGrain
{
    public async Task<ImmutableArray<StoredJob>> ListJobs(string kind, int limit) =>
        [.. (await store.ListJobsAsync(kind, Math.Clamp(limit, 1, 1000))).Select(JobRows.ToWire)];

    public async Task<StoredJob?> GetJob(string id) => await store.GetJobAsync(id) is { } job ? JobRows.ToWire(job) : null;

    public Task SaveJob(StoredJob job) => store.SaveJobAsync(JobRows.FromWire(job));
}
