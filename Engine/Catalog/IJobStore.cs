namespace UmsOrleans.Engine.Catalog;

/// <summary>Job status rows beside the catalog, so runs and ingestions outlive the process that ran them.</summary>
public interface IJobStore
{
    /// <summary>Inserts the job or replaces its row.</summary>
    Task SaveJobAsync(JobRecord job, CancellationToken cancellationToken = default);

    Task<JobRecord?> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The newest <paramref name="limit"/> jobs of a kind, newest first.</summary>
    Task<IReadOnlyList<JobRecord>> ListJobsAsync(string kind, int limit, CancellationToken cancellationToken = default);
}
