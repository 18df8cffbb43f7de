using System.Threading.Channels;
using UmsOrleans.Engine.Telemetry;

namespace UmsOrleans.Engine.Encoders.Batching;

/// <summary>Batch size and wait of a <see cref="MicroBatcher{TIn, TOut}"/>.</summary>
public sealed record MicroBatchOptions(int MaxBatchSize, TimeSpan MaxWait, int ConcurrentBatches = 1);

/// <summary>
/// Gathers concurrent single-item requests into batches: a batch closes when it holds
/// <see cref="MicroBatchOptions.MaxBatchSize"/> items or when its first item has waited
/// <see cref="MicroBatchOptions.MaxWait"/>, then runs as one call to the batch function.
/// Up to <see cref="MicroBatchOptions.ConcurrentBatches"/> batches run at once. A failing batch fails
/// each of its requests with the same exception; the batcher goes on.
/// </summary>
public sealed class MicroBatcher<TIn, TOut> : IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<TOut>>> _runBatch;
    private readonly MicroBatchOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Task[] _workers;

    public MicroBatcher(Func<IReadOnlyList<TIn>, CancellationToken, Task<IReadOnlyList<TOut>>> runBatch, MicroBatchOptions options, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ConcurrentBatches, 1);
        _runBatch = runBatch;
        _options = options;
        _time = time ?? TimeProvider.System;
        _workers = Enumerable.Range(0, options.ConcurrentBatches).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    public Task<TOut> SubmitAsync(TIn item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(item, new TaskCompletionSource<TOut>(TaskCreationOptions.RunContinuationsAsynchronously), cancellationToken);
        if (!_queue.Writer.TryWrite(pending)) throw new ObjectDisposedException(nameof(MicroBatcher<TIn, TOut>));
        UmsInstruments.EncoderQueueLength.Add(1);
        return pending.Completion.Task;
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<Pending>(_options.MaxBatchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            if (!reader.TryRead(out var first)) continue;
            batch.Add(first);
            await GatherAsync(reader, batch);
            await RunBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task GatherAsync(ChannelReader<Pending> reader, List<Pending> batch)
    {
        if (batch.Count >= _options.MaxBatchSize) return;
        using var deadline = new CancellationTokenSource(_options.MaxWait, _time);
        while (batch.Count < _options.MaxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }
            if (_options.MaxWait <= TimeSpan.Zero) return;
            try
            {
                if (!await reader.WaitToReadAsync(deadline.Token)) return;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task RunBatchAsync(List<Pending> batch)
    {
        UmsInstruments.EncoderQueueLength.Add(-batch.Count);
        var live = batch.Where(p => !p.Cancellation.IsCancellationRequested).ToList();
        foreach (var cancelled in batch.Where(p => p.Cancellation.IsCancellationRequested)) cancelled.Completion.TrySetCanceled(cancelled.Cancellation);
        if (live.Count == 0) return;
        UmsInstruments.EncoderBatchSize.Record(live.Count);
        try
        {
            var results = await _runBatch(live.Select(p => p.Item).ToList(), CancellationToken.None);
            if (results.Count != live.Count) throw new InvalidOperationException($"the batch function returned {results.Count} results for {live.Count} items.");
            for (var i = 0; i < live.Count; i++) live[i].Completion.TrySetResult(results[i]);
        }
        catch (Exception exception)
        {
            foreach (var pending in live) pending.Completion.TrySetException(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers); // the batches already taken finish; nothing is left to cancel after that
    }

    private sealed record Pending(TIn Item, TaskCompletionSource<TOut> Completion, CancellationToken Cancellation);
}
