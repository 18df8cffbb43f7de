using System.Text.Json;
using System.Text.Json.Serialization;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Rebalancing;

/// <summary>
/// A rebalance report as a row of the job store (<see cref="JobRecord"/> kind <see cref="Kind"/>), so the last rebalance and the
/// memory per silo before and after it outlive the silo that ran it: the whole report is the row's result, its moves done of
/// planned are the row's progress.
/// </summary>
public static class RebalanceJob
{
    public const string Kind = "rebalance";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    public static JobRecord ToJob(RebalanceReport report, DateTimeOffset now) => new(
        Id: FormattableString.Invariant($"{Kind}-{report.StartedAt.ToUnixTimeMilliseconds()}"),
        Kind: Kind,
        Request: JsonSerializer.Serialize(new { trigger = report.Trigger }, Json),
        Phase: report.State.ToString().ToLowerInvariant(),
        Done: report.MovesDone,
        Total: report.Moves.Count,
        StartedAt: report.StartedAt,
        UpdatedAt: now,
        FinishedAt: report.FinishedAt,
        Error: report.Error,
        Result: JsonSerializer.Serialize(report, Json));

    /// <summary>
    /// The report a row holds. A row still running was written by a run that no longer runs (the silo that ran it was lost, or the
    /// cluster stopped): it reads as failed, with the moves done so far kept.
    /// </summary>
    /// <exception cref="InvalidDataException">The row is not a rebalance report.</exception>
    public static RebalanceReport FromJob(JobRecord job)
    {
        if (job.Kind != Kind || job.Result is null) throw new InvalidDataException($"job '{job.Id}' is not a rebalance report.");
        var report = JsonSerializer.Deserialize<RebalanceReport>(job.Result, Json) ?? throw new InvalidDataException($"job '{job.Id}' has an empty report.");
        return report.State == RebalanceState.Running
            ? report with
            {
                State = RebalanceState.Failed,
                FinishedAt = job.UpdatedAt,
                Error = $"interrupted after {report.MovesDone} of {report.Moves.Count} moves: the silo that ran it was lost or the cluster stopped; the replicas moved so far stay where they are",
            }
            : report;
    }
}
