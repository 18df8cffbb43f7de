using Orleans.Concurrency;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// The cluster's one rebalancer (key 0): moves shard replicas so memory per silo evens out, one hand-off at a time, and keeps
/// the report of the last run in memory (lost with its silo; the next run makes a new one).
/// </summary>
[Alias("ums.IRebalanceGrain")]
public interface IRebalanceGrain : IGrainWithIntegerKey
{
    /// <summary>Starts a rebalance, or one more after the running one ends; returns the report so far (the running one's, if any).</summary>
    [AlwaysInterleave, Alias("start")]
    Task<RebalanceReport> Start(string trigger);

    /// <summary>The running or last rebalance's report; null when none ran since this grain was activated.</summary>
    [ReadOnly, AlwaysInterleave, Alias("last")]
    Task<RebalanceReport?> Last();
}
