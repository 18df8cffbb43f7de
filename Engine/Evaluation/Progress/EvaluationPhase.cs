namespace UmsOrleans.Engine.Evaluation.Progress;

/// <summary>
/// Where a run is. The last four are terminal; <see cref="Interrupted"/> is never reached by a run itself: it is
/// how a run whose process stopped mid-way reads back from the job store (it can be restarted).
/// </summary>
public enum EvaluationPhase
{
    Queued = 0,
    EncodingGallery = 1,
    LoadingCollection = 2,
    EncodingQueries = 3,
    Searching = 4,
    ComputingMetrics = 5,
    StoringResult = 6,
    DroppingCollection = 7,
    Completed = 8,
    Failed = 9,
    Cancelled = 10,
    Interrupted = 11,
}

public static class EvaluationPhaseExtensions
{
    public static bool IsTerminal(this EvaluationPhase phase) => phase >= EvaluationPhase.Completed;
}
