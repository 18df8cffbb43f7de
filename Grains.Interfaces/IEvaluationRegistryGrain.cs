using System.Collections.Immutable;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// The job store (evaluation runs and ingestions) as the gateway reaches it: the rows live in the catalog
/// database, so lists survive restarts of silos and gateways. A stateless front: any silo answers.
/// </summary>
[Alias("ums.IEvaluationRegistryGrain")]
public interface IEvaluationRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>The newest <paramref name="limit"/> jobs of a kind (<c>evaluation</c>, <c>ingestion</c>, <c>adapter-training</c>), newest first.</summary>
    [Alias("list-jobs")]
    Task<ImmutableArray<StoredJob>> ListJobs(string kind, int limit);

    [Alias("get-job")]
    Task<StoredJob?> GetJob(string id);

    /// <summary>Inserts or replaces a job's row (the gateway's ingestion jobs write through this).</summary>
    [Alias("save-job")]
    Task SaveJob(StoredJob job);
}
