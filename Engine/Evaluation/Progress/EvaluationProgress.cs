namespace UmsOrleans.Engine.Evaluation.Progress;

/// <summary>
/// A snapshot of a run for a status endpoint or a progress bar: the phase, items done of the phase's
/// total (0 when unknown), the phase's throughput, the estimated time left in the phase (null while it
/// cannot be estimated) and the time since the run started.
/// </summary>
public sealed record EvaluationProgress(
    EvaluationPhase Phase,
    long Done,
    long Total,
    double ItemsPerSecond,
    TimeSpan? Eta,
    TimeSpan Elapsed,
    string? Error = null)
{
    public double Fraction => Total <= 0 ? 0 : Math.Clamp((double)Done / Total, 0, 1);
}

/// <summary>How long one finished phase took and how many items it handled.</summary>
public sealed record PhaseTiming(EvaluationPhase Phase, long Items, TimeSpan Elapsed)
{
    public double ItemsPerSecond => Elapsed <= TimeSpan.Zero ? 0 : Items / Elapsed.TotalSeconds;
}
