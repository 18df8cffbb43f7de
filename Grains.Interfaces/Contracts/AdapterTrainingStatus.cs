namespace UmsOrleans.Contracts;

/// <summary>
/// A training job as its status endpoint shows it: the phase (Running, Completed, Failed, Cancelled, Interrupted), the
/// step (<c>reading products</c>, <c>training</c>, <c>saving</c>) with items done of its total, time since start
/// (frozen at the end), the error of a failed or interrupted job, and once completed the version stored; the details
/// (validation scores, training-set counts) as the JSON the job's row keeps.
/// </summary>
[GenerateSerializer, Immutable, Alias("ums.AdapterTrainingStatus")]
public sealed record AdapterTrainingStatus(
    [property: Id(0)] string JobId,
    [property: Id(1)] AdapterTrainingRequest Request,
    [property: Id(2)] string Phase,
    [property: Id(3)] string Step,
    [property: Id(4)] long Done,
    [property: Id(5)] long Total,
    [property: Id(6)] double ElapsedSeconds,
    [property: Id(7)] bool Finished,
    [property: Id(8)] string? Error,
    [property: Id(9)] int? Version,
    [property: Id(10)] string? Details);
