using Orleans.Concurrency;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// One adapter training job, keyed by its job id. <see cref="Start"/> returns at once; the job reads the collection,
/// trains and saves in the background while <see cref="GetStatus"/> reports it and <see cref="Cancel"/> stops it.
/// </summary>
[Alias("ums.IAdapterTrainingGrain")]
public interface IAdapterTrainingGrain : IGrainWithStringKey
{
    /// <summary>Starts the job; starting a job id that is known (live or stored) returns its status unchanged.</summary>
    [Alias("start")]
    Task<AdapterTrainingStatus> Start(AdapterTrainingRequest request);

    /// <summary>
    /// The job's status: live while this activation runs it, else as the job store last saw it (a job found running
    /// there that no activation owns is Interrupted); null when no job has this id.
    /// </summary>
    [AlwaysInterleave, Alias("status")]
    Task<AdapterTrainingStatus?> GetStatus();

    /// <summary>Asks the job to stop; it turns Cancelled at its next check (between products, between candidates, before saving).</summary>
    [AlwaysInterleave, Alias("cancel")]
    Task<AdapterTrainingStatus?> Cancel();
}
