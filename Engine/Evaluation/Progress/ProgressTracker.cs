namespace UmsOrleans.Engine.Evaluation.Progress;

/// <summary>
/// Keeps a run's progress and its cancellation: phases are started in turn, work advances them from any
/// thread, and <see cref="Snapshot"/> turns the counts into items/s and an ETA with the injected clock.
/// The rate is the phase average (done / time in phase), steady enough for a bar and exact in tests. When the
/// run ends, its elapsed time stops and the last phase's counts stay, so a finished run reads the same forever.
/// </summary>
public sealed class ProgressTracker : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cancellation = new();
    private readonly List<PhaseTiming> _finished = [];
    private readonly long _runStarted;
    private readonly Lock _gate = new();
    private EvaluationPhase _phase = EvaluationPhase.Queued;
    private long _phaseStarted;
    private long? _runEnded;
    private long _done;
    private long _total;
    private string? _error;

    public ProgressTracker(TimeProvider time)
    {
        _time = time;
        _runStarted = time.GetTimestamp();
        _phaseStarted = _runStarted;
    }

    /// <summary>Called after each phase change (and the end), outside the tracker's lock, on the thread that made it.</summary>
    public Action? PhaseChanged { get; set; }

    /// <summary>Cancelled by <see cref="Cancel"/>; the run's work observes it.</summary>
    public CancellationToken Token => _cancellation.Token;

    public EvaluationPhase Phase
    {
        get
        {
            lock (_gate) return _phase;
        }
    }

    /// <summary>Asks the run to stop; it finishes as <see cref="EvaluationPhase.Cancelled"/> once its work notices.</summary>
    public void Cancel() => _cancellation.Cancel();

    /// <summary>Closes the current phase (its timing is kept) and starts the next with its item total (0 = unknown).</summary>
    public void StartPhase(EvaluationPhase phase, long total)
    {
        lock (_gate)
        {
            if (_phase.IsTerminal()) throw new InvalidOperationException($"the run has already ended ({_phase}).");
            CloseCurrentPhase();
            _phase = phase;
            _total = total;
            _done = 0;
            _phaseStarted = _time.GetTimestamp();
        }
        PhaseChanged?.Invoke();
    }

    public void Advance(long items)
    {
        lock (_gate) _done += items;
    }

    /// <summary>Ends the run in a terminal phase (Completed, Failed or Cancelled).</summary>
    public void Finish(EvaluationPhase terminal, string? error = null)
    {
        if (!terminal.IsTerminal()) throw new ArgumentException($"{terminal} is not a terminal phase.", nameof(terminal));
        lock (_gate)
        {
            if (_phase.IsTerminal()) return;
            CloseCurrentPhase();
            _phase = terminal;
            _error = error;
            _runEnded = _time.GetTimestamp();
        }
        PhaseChanged?.Invoke();
    }

    /// <summary>The finished phases in order (the current one is not included until it closes).</summary>
    public IReadOnlyList<PhaseTiming> Timings
    {
        get
        {
            lock (_gate) return [.. _finished];
        }
    }

    public TimeSpan Elapsed
    {
        get
        {
            lock (_gate) return ElapsedUnlocked();
        }
    }

    public EvaluationProgress Snapshot()
    {
        lock (_gate)
        {
            var inPhase = _time.GetElapsedTime(_phaseStarted, _runEnded ?? _time.GetTimestamp());
            var rate = inPhase > TimeSpan.Zero ? _done / inPhase.TotalSeconds : 0;
            TimeSpan? eta = _total > 0 && rate > 0 && !_phase.IsTerminal()
                ? TimeSpan.FromSeconds(Math.Max(0, _total - _done) / rate)
                : null;
            return new EvaluationProgress(_phase, _done, _total, _phase.IsTerminal() ? 0 : rate, eta, ElapsedUnlocked(), _error);
        }
    }

    public void Dispose() => _cancellation.Dispose();

    private TimeSpan ElapsedUnlocked() => _time.GetElapsedTime(_runStarted, _runEnded ?? _time.GetTimestamp());

    private void CloseCurrentPhase()
    {
        if (_phase == EvaluationPhase.Queued) return;
        _finished.Add(new PhaseTiming(_phase, _done, _time.GetElapsedTime(_phaseStarted)));
    }
}
