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
    /// <summary>Starts the run; starting a run that already started returns its status unchanged.</summary>
    [Alias("start")]
    Task<EvaluationStatus> Start(EvaluationRequest request);

    /// <summary>The run's status, or null when no run with this id was started (on this activation).</summary>
    [AlwaysInterleave, Alias("status")]
    Task<EvaluationStatus?> GetStatus();

    /// <summary>Asks the run to stop; its status turns Cancelled once the current batch returns.</summary>
    [AlwaysInterleave, Alias("cancel")]
    Task<EvaluationStatus?> Cancel();
}
