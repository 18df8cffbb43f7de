namespace UmsOrleans.Contracts;

/// <summary>
/// A job's durable status row as it travels between the gateway and the silos (the job store is on the silos):
/// what was asked (JSON), the phase with its items done of total, start, last write and end times, the error,
/// the result (JSON) and the output folder.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.StoredJob")]
public sealed record StoredJob(
    [property: Id(0)] string Id,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Request,
    [property: Id(3)] string Phase,
    [property: Id(4)] long Done,
    [property: Id(5)] long Total,
    [property: Id(6)] DateTimeOffset StartedAt,
    [property: Id(7)] DateTimeOffset UpdatedAt,
    [property: Id(8)] DateTimeOffset? FinishedAt,
    [property: Id(9)] string? Error,
    [property: Id(10)] string? Result,
    [property: Id(11)] string? OutputDirectory);
