using System.Collections.Immutable;

namespace UmsOrleans.Contracts;

/// <summary>
/// A run as its status endpoint and progress bar show it: the phase (Queued … Completed, Failed, Cancelled,
/// Interrupted), items done of the phase's total (a finished run keeps its last phase's), throughput and ETA of
/// the phase, time since start (frozen when the run ends), the error of a failed or interrupted run, and — once
/// completed — the metrics (fractions) and where the files are.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.EvaluationStatus")]
public sealed record EvaluationStatus(
    [property: Id(0)] string RunId,
    [property: Id(1)] string Phase,
    [property: Id(2)] long Done,
    [property: Id(3)] long Total,
    [property: Id(4)] double ItemsPerSecond,
    [property: Id(5)] double? EtaSeconds,
    [property: Id(6)] double ElapsedSeconds,
    [property: Id(7)] bool Finished,
    [property: Id(8)] string? Error,
    [property: Id(9)] ImmutableDictionary<string, double> Metrics,
    [property: Id(10)] string? OutputDirectory);
