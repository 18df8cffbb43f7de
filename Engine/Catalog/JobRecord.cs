namespace UmsOrleans.Engine.Catalog;

/// <summary>
/// A background job's durable status (an evaluation run, an ingestion or an adapter training): what was asked (JSON), the phase
/// and its items done of total, when it started, was last written and finished, the error of a failed job,
/// its result (JSON: metrics, counts) and its output folder. Times come from the writer's clock.
/// </summary>
public sealed record JobRecord(
    string Id,
    string Kind,
    string Request,
    string Phase,
    long Done,
    long Total,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt = null,
    string? Error = null,
    string? Result = null,
    string? OutputDirectory = null)
{
    public const string Evaluation = "evaluation";
    public const string Ingestion = "ingestion";
    public const string AdapterTraining = "adapter-training";

    /// <summary>Not finished by its writer: running, or interrupted when nothing writes it any more.</summary>
    public bool Unfinished => FinishedAt is null;

    /// <summary>From start to finish, or to the last write of a job that did not finish.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Math.Max(0, ((FinishedAt ?? UpdatedAt) - StartedAt).Ticks));
}
