using Orleans.Concurrency;
using UmsOrleans.Contracts;

namespace UmsOrleans;

/// <summary>
/// One evaluation run, keyed by its run id. <see cref="Start"/> returns at once; the run goes on in the
/// background while <see cref="GetStatus"/> reports its progress and <see cref="Cancel"/> stops it.
/// </summary>
[Alias("ums.IEvaluationGrain")]
public interface IEvaluationGrain : IGrainWithStringKey
{
    /// <summary>Starts the run; starting a run id that is known (live or stored) returns its status unchanged.</summary>
    [Alias("start")]
    Task<EvaluationStatus> Start(EvaluationRequest request);

    /// <summary>
    /// Runs again, from its stored request, a run that ended without completing (Interrupted, Failed or
    /// Cancelled) in the same output folder; a live or completed run's status is returned unchanged, and null
    /// when no run has this id.
    /// </summary>
    [Alias("restart")]
    Task<EvaluationStatus?> Restart();

    /// <summary>
    /// The run's status: live while this activation runs it, else as the job store last saw it (a run found
    /// running there that no activation owns is Interrupted); null when no run has this id.
    /// </summary>
    [AlwaysInterleave, Alias("status")]
    Task<EvaluationStatus?> GetStatus();

    /// <summary>Asks the run to stop; its status turns Cancelled once the current batch returns.</summary>
    [AlwaysInterleave, Alias("cancel")]
    Task<EvaluationStatus?> Cancel();
}
