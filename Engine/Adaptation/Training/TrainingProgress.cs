namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// A training job's progress and cancellation, safe to update from the job's thread while status calls read it:
/// the step with items done of its total (products read of the collection's; candidate regularisations scored plus
/// the final fit; the save), then the end — Completed, Failed with its error, or Cancelled — after which elapsed time
/// stops.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly long _started;
    private readonly Lock _gate = new();
    private AdapterJobPhase _phase = AdapterJobPhase.Running;
    private AdapterTrainingStep _step = AdapterTrainingStep.ReadingProducts;
    private long _done;
    private long _total;
    private long? _ended;
    private string? _error;

    public TrainingProgress(TimeProvider time)
    {
        _time = time;
        _started = time.GetTimestamp();
    }

    /// <summary>Called after each step change and at the end, outside the lock, on the thread that made it.</summary>
    public Action? Changed { get; set; }

    public CancellationToken Token => _cancellation.Token;

    /// <summary>Asks the job to stop; it ends Cancelled once its work notices.</summary>
    public void Cancel()
    {
        lock (_gate)
        {
            if (_phase != AdapterJobPhase.Running) return;
        }
        _cancellation.Cancel();
    }

    public void Start(AdapterTrainingStep step, long total)
    {
        lock (_gate)
        {
            _step = step;
            _done = 0;
            _total = total;
        }
        Changed?.Invoke();
    }

    public void Advance(long items = 1)
    {
        lock (_gate) _done += items;
    }

    /// <summary>Ends the job (Completed, Failed or Cancelled); later calls change nothing.</summary>
    public void Finish(AdapterJobPhase phase, string? error = null)
    {
        if (phase is AdapterJobPhase.Running or AdapterJobPhase.Interrupted) throw new ArgumentException($"{phase} does not end a job.", nameof(phase));
        lock (_gate)
        {
            if (_phase != AdapterJobPhase.Running) return;
            _phase = phase;
            _error = error;
            _ended = _time.GetTimestamp();
        }
        Changed?.Invoke();
    }

    public TrainingSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new TrainingSnapshot(_phase, _step, _done, _total, _time.GetElapsedTime(_started, _ended ?? _time.GetTimestamp()), _error);
        }
    }

    public void Dispose() => _cancellation.Dispose();
}

/// <summary>A training job at one moment; <see cref="Total"/> is 0 when unknown.</summary>
public sealed record TrainingSnapshot(AdapterJobPhase Phase, AdapterTrainingStep Step, long Done, long Total, TimeSpan Elapsed, string? Error)
{
    public bool Finished => Phase != AdapterJobPhase.Running;
}
