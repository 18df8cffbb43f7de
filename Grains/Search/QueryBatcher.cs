namespace UmsOrleans.Search;

/// <summary>
/// Micro-batching: concurrent callers submit one query each; whoever arrives while no pass is running starts
/// one on the thread pool, and every query that arrives during a pass is answered by the next pass, which
/// takes them all (up to <paramref name="maxBatch"/>) in one call of <paramref name="runBatch"/>. No timer: a
/// lone query starts at once, so batching costs no latency at low load and grows with concurrency.
/// <para>
/// The passes read shared state. That is safe in a grain only because every query in a pass has a caller
/// still awaiting it, so the grain's read-only calls are in flight and Orleans runs no exclusive write meanwhile;
/// the batcher never runs a pass without a pending query.
/// </para>
/// </summary>
public sealed class QueryBatcher<TQuery, TResult>(Func<IReadOnlyList<TQuery>, IReadOnlyList<TResult>> runBatch, int maxBatch = 256)
{
    private readonly object _gate = new();
    private readonly List<(TQuery Query, TaskCompletionSource<TResult> Result)> _pending = [];
    private bool _running;

    /// <summary>Number of passes run so far and queries answered (for tests and diagnostics).</summary>
    public long Passes { get; private set; }

    public long Queries { get; private set; }

    public Task<TResult> Submit(TQuery query)
    {
        var result = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool start;
        lock (_gate)
        {
            _pending.Add((query, result));
            start = !_running;
            _running = true;
        }
        if (start) ThreadPool.UnsafeQueueUserWorkItem(static batcher => batcher.Drain(), this, preferLocal: false);
        return result.Task;
    }

    private void Drain()
    {
        while (true)
        {
            List<(TQuery Query, TaskCompletionSource<TResult> Result)> batch;
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _running = false;
                    return;
                }
                var take = Math.Min(maxBatch, _pending.Count);
                batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
                Passes++;
                Queries += take;
            }
            try
            {
                var results = runBatch(batch.Select(p => p.Query).ToList());
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception exception)
            {
                foreach (var (_, result) in batch) result.TrySetException(exception);
            }
        }
    }
}
