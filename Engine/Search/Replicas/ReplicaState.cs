namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// One replica's load as <see cref="ReplicaLoad"/> tracks it. The outstanding count is lock-free (it changes on every
/// call); latency and failure change together under a lock held for a few instructions.
/// </summary>
internal sealed class ReplicaState(string collection, int shard, int replica, TimeProvider time)
{
    /// <summary>Weight of the newest answer time in the moving average.</summary>
    private const double Alpha = 0.2;

    private readonly Lock _lock = new();
    private int _outstanding;
    private bool _hasLatency;
    private double _latencyMs;
    private long _latencyAt;
    private bool _penalized;
    private long _failedAt;
    private DateTimeOffset? _lastFailure;

    public string Collection { get; } = collection;

    public int Shard { get; } = shard;

    public int Replica { get; } = replica;

    public TimeProvider Time { get; } = time;

    public void Enter() => Interlocked.Increment(ref _outstanding);

    public void Exit() => Interlocked.Decrement(ref _outstanding);

    /// <summary>An answer after <paramref name="startedAt"/>; it also ends a failure penalty older than the call.</summary>
    public void Answered(long startedAt)
    {
        var now = Time.GetTimestamp();
        lock (_lock)
        {
            Record(Time.GetElapsedTime(startedAt, now).TotalMilliseconds, now);
            if (_penalized && startedAt > _failedAt) _penalized = false;
        }
    }

    /// <summary>
    /// Another replica answered first while this call, started earlier, still ran: its answer time is at least the
    /// time so far. Recorded only when that says more than the average, so a replica that keeps losing hedges is
    /// ordered after the one that wins them, and a hedge that merely started late teaches nothing.
    /// </summary>
    public void Overtaken(long startedAt)
    {
        var now = Time.GetTimestamp();
        var atLeastMs = Time.GetElapsedTime(startedAt, now).TotalMilliseconds;
        lock (_lock)
        {
            if (!Fresh(now) || atLeastMs > _latencyMs) Record(atLeastMs, now);
        }
    }

    public void Failed()
    {
        var now = Time.GetTimestamp();
        var utcNow = Time.GetUtcNow();
        lock (_lock)
        {
            _penalized = true;
            _failedAt = now;
            _lastFailure = utcNow;
        }
    }

    /// <summary>
    /// The sort key of <see cref="ReplicaLoad.Order"/> for this replica, <paramref name="turn"/> last: penalized, then the
    /// wait a call should expect, its latency × (calls in flight + 1), in bands. Calls in flight alone would send calls to a
    /// slow replica whenever the fast one is busy (a silo in a GC pause took one call in a hundred at 50 ms while the
    /// other answered in 0.3 ms). A replica not measured lately is tried by one call at a time: first while none is in
    /// flight, after every measured one while that call runs.
    /// </summary>
    public (int Penalized, int ExpectedWait, int Turn) Rank(long now, int turn)
    {
        var outstanding = Math.Max(0, Volatile.Read(ref _outstanding));
        lock (_lock)
        {
            var penalized = _penalized && Time.GetElapsedTime(_failedAt, now) < ReplicaLoad.FailurePenalty;
            var wait = Fresh(now) ? Band(_latencyMs * (outstanding + 1)) : outstanding == 0 ? -1 : BeingProbed + outstanding;
            return (penalized ? 1 : 0, wait, turn);
        }
    }

    /// <summary>After every latency band (they end at 61).</summary>
    private const int BeingProbed = 1000;

    public ReplicaLoadSnapshot Snapshot()
    {
        var now = Time.GetTimestamp();
        lock (_lock)
        {
            return new(Collection, Shard, Replica, Volatile.Read(ref _outstanding), Fresh(now) ? _latencyMs : null, _lastFailure);
        }
    }

    /// <summary>
    /// Expected waits within about a factor of 1.5 share a band (all under 1 ms share band 0), so near-equal replicas
    /// rotate instead of the one a few microseconds faster taking every call of a sequential client.
    /// </summary>
    private static int Band(double latencyMs) =>
        latencyMs < 1 ? 0 : 1 + (int)Math.Min(60, Math.Floor(Math.Log(latencyMs) / Math.Log(1.5)));

    private bool Fresh(long now) => _hasLatency && Time.GetElapsedTime(_latencyAt, now) < ReplicaLoad.StaleAfter;

    /// <summary>A stale average is replaced, not blended: the replica may have recovered (or slowed) since.</summary>
    private void Record(double latencyMs, long now)
    {
        _latencyMs = Fresh(now) ? _latencyMs + (Alpha * (latencyMs - _latencyMs)) : latencyMs;
        _hasLatency = true;
        _latencyAt = now;
    }
}
