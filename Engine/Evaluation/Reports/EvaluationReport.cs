using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Metrics;
using UmsOrleans.Engine.Evaluation.Progress;

namespace UmsOrleans.Engine.Evaluation.Reports;

/// <summary>
/// Everything a finished run reports: what ran (layout, data, model, settings), on how many items, the
/// metrics (fractions), what was skipped and why, and how long each phase took. Measurements such as wall
/// time, phase timings and peak memory are inputs: the run measures them, the report only shows them.
/// </summary>
public sealed record EvaluationReport(
    string RunId,
    EvalLayout Layout,
    string DataDirectory,
    string Model,
    IReadOnlyDictionary<string, string> Configuration,
    IReadOnlyDictionary<string, long> Counts,
    IReadOnlyList<MetricValue> Metrics,
    IReadOnlyList<SkippedItem> Skipped,
    IReadOnlyList<PhaseTiming> Phases,
    TimeSpan WallTime,
    long? PeakMemoryBytes,
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Notes);
