using System.Collections.Immutable;
using System.Text.Json;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Evaluation.Progress;

namespace UmsOrleans.Grains.Cluster;

/// <summary>Job rows between the store and the wire, and an evaluation's status as its stored row tells it.</summary>
public static class JobRows
{
    public static StoredJob ToWire(JobRecord job) => new(job.Id, job.Kind, job.Request, job.Phase, job.Done, job.Total,
        job.StartedAt, job.UpdatedAt, job.FinishedAt, job.Error, job.Result, job.OutputDirectory);

    public static JobRecord FromWire(StoredJob job) => new(job.Id, job.Kind, job.Request, job.Phase, job.Done, job.Total,
        job.StartedAt, job.UpdatedAt, job.FinishedAt, job.Error, job.Result, job.OutputDirectory);

    /// <summary>Whether a stored evaluation row is still running (nothing finished it).</summary>
    public static bool IsRunning(JobRecord row) => !Enum.TryParse<EvaluationPhase>(row.Phase, out var phase) || !phase.IsTerminal();

    /// <summary>
    /// A run read back from its row, as no live activation runs it: a row still running is Interrupted (the process
    /// that ran it stopped), keeping the phase it reached and its counts; elapsed time ends at the last write.
    /// </summary>
    public static EvaluationStatus EvaluationStatus(JobRecord row)
    {
        var running = IsRunning(row);
        var error = running
            ? $"interrupted in phase {row.Phase} at {row.Done}/{row.Total}: the process running it stopped. POST /evaluations/{row.Id}/restart runs it again."
            : row.Error;
        var metrics = row.Result is { } json
            ? (JsonSerializer.Deserialize<Dictionary<string, double>>(json) ?? []).ToImmutableDictionary()
            : ImmutableDictionary<string, double>.Empty;
        return new EvaluationStatus(row.Id, running ? nameof(EvaluationPhase.Interrupted) : row.Phase, row.Done, row.Total, 0, null,
            row.Elapsed.TotalSeconds, true, error, metrics, row.OutputDirectory);
    }
}
