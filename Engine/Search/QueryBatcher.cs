namespace UmsOrleans.Engine.Search;

/// <summary>
/// Micro-batching: concurrent callers submit one query each; whoever arrives while fewer than
/// <paramref name="maxPasses"/> passes run starts one on the thread pool, and every query that arrives while they
/// are all busy is answered by a next pass, which takes the waiting queries (up to <paramref name="maxBatch"/>) in
/// one call of <paramref name="runBatch"/>. No timer: a lone query starts at once, so batching costs no latency at
/// low load and grows with concurrency. One pass at a time (the default) suits scans that use every core and gain from
/// answering many queries in one pass over memory; one query per pass on every core suits graph searches, which
/// share nothing between queries and would otherwise wait for the slowest query of their pass.
/// <para>
/// A query whose caller cancels leaves the queue at once; a pass already running is cancelled (through the token
/// it is given) only when every query in it was cancelled, since the others still need its answers.
/// </para>
/// <para>
/// The passes read shared state. That is safe in a grain only because every query in a pass has a caller
/// still awaiting it, so the grain's read-only calls are in flight and Orleans runs no exclusive write meanwhile;
/// the batcher never runs a pass without a pending query.
/// </para>
/// </summary>
public sealed class QueryBatcher<TQuery, TResult>(Func<IReadOnlyList<TQuery>, CancellationToken, IReadOnlyList<TResult>> runBatch, int maxBatch = 256, int maxPasses = 1)
{
    private readonly object _gate = new();
    private readonly List<Pending> _pending = [];
    private int _passes;

    public Task<TResult> Submit(TQuery query, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(query, cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            pending.Registration = cancellationToken.Register(static state =>
            {
                var (batcher, abandoned) = ((QueryBatcher<TQuery, TResult>, Pending))state!;
                batcher.Abandon(abandoned);
            }, (this, pending));
        }
        bool start;
        lock (_gate)
        {
            if (pending.Abandoned) return pending.Result.Task;
            _pending.Add(pending);
            start = _passes < maxPasses;
            if (start) _passes++;
        }
        if (start) ThreadPool.UnsafeQueueUserWorkItem(static batcher => batcher.Drain(), this, preferLocal: false);
        return pending.Result.Task;
    }

    /// <summary>A cancelled query: out of the queue if it is still waiting, and one fewer reason to finish its pass.</summary>
    private void Abandon(Pending pending)
    {
        lock (_gate)
        {
            pending.Abandoned = true;
            _pending.Remove(pending);
            if (pending.Pass is { Finished: false } pass && --pass.Live == 0) pass.Cancellation.Cancel();
        }
        pending.Result.TrySetCanceled(pending.Token);
    }

    private void Drain()
    {
        while (true)
        {
            List<Pending> batch;
            var pass = new Pass();
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _passes--;
                    return;
                }
                var take = Math.Min(maxBatch, _pending.Count);
                batch = _pending.GetRange(0, take);
                _pending.RemoveRange(0, take);
                pass.Live = take;
                foreach (var pending in batch) pending.Pass = pass;
            }
            try
            {
                var results = runBatch([.. batch.Select(p => p.Query)], pass.Cancellation.Token);
                for (var i = 0; i < batch.Count; i++) batch[i].Result.TrySetResult(results[i]);
            }
            catch (Exception exception)
            {
                foreach (var pending in batch) pending.Result.TrySetException(exception);
            }
            finally
            {
                lock (_gate) pass.Finished = true;
                foreach (var pending in batch) pending.Registration.Dispose();
                pass.Cancellation.Dispose();
            }
        }
    }

    private sealed class Pending(TQuery query, CancellationToken token)
    {
        public TQuery Query { get; } = query;

        public CancellationToken Token { get; } = token;

        public TaskCompletionSource<TResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Registration { get; set; }

        public bool Abandoned { get; set; }

        public Pass? Pass { get; set; }
    }

    private sealed class Pass
    {
        public CancellationTokenSource Cancellation { get; } = new();

        public int Live { get; set; }

        public bool Finished { get; set; }
    }
}
