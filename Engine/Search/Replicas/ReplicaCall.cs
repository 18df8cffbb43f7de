namespace UmsOrleans.Engine.Search.Replicas;

/// <summary>
/// One call to one replica, counted as outstanding until disposed. At most one outcome is recorded (the first of
/// <see cref="Succeeded"/>, <see cref="Failed"/>, <see cref="Overtaken"/>); a call disposed without one (cancelled, or
/// refused for a reason that is not the replica's) leaves latency and failure as they were. Thread-safe.
/// </summary>
public sealed class ReplicaCall : IDisposable
{
    private readonly ReplicaState _state;
    private readonly long _startedAt;
    private int _settled;
    private int _ended;

    internal ReplicaCall(ReplicaState state)
    {
        _state = state;
        _startedAt = state.Time.GetTimestamp();
        state.Enter();
    }

    public int Replica => _state.Replica;

    /// <summary>The replica answered: the time since the call began goes into its latency average.</summary>
    public void Succeeded()
    {
        if (Settle()) _state.Answered(_startedAt);
    }

    /// <summary>The replica failed: it goes after the healthy ones for <see cref="ReplicaLoad.FailurePenalty"/>.</summary>
    public void Failed()
    {
        if (Settle()) _state.Failed();
    }

    /// <summary>
    /// A replica called later answered first: the time so far is a lower bound of this one's answer time, and counts
    /// when it exceeds the average (otherwise a replica that never beats its hedge would never look slow).
    /// </summary>
    public void Overtaken()
    {
        if (Settle()) _state.Overtaken(_startedAt);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0) _state.Exit();
    }

    private bool Settle() => Volatile.Read(ref _ended) == 0 && Interlocked.Exchange(ref _settled, 1) == 0;
}
