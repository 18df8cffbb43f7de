using System.Collections.Concurrent;

namespace UmsOrleans.Engine.Catalog;

/// <summary>Job rows kept in memory, for a catalog store that has no job table (a test double).</summary>
public sealed class InMemoryJobStore : IJobStore
{
    private readonly ConcurrentDictionary<string, JobRecord> _jobs = new(StringComparer.Ordinal);

    public Task SaveJobAsync(JobRecord job, CancellationToken cancellationToken = default)
    {
        _jobs[job.Id] = job;
        return Task.CompletedTask;
    }

    public Task<JobRecord?> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        Task.FromResult(_jobs.GetValueOrDefault(id));

    public Task<IReadOnlyList<JobRecord>> ListJobsAsync(string kind, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<JobRecord>>([.. _jobs.Values.Where(j => j.Kind == kind).OrderByDescending(j => j.StartedAt).ThenByDescending(j => j.Id, StringComparer.Ordinal).Take(limit)]);
}
