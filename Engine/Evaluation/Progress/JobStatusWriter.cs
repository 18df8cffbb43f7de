using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Evaluation.Progress;

/// <summary>
/// Keeps a running job's row in the job store current without a write per item: it writes the job's snapshot
/// when <see cref="Wake"/> is called (a phase change) and every <c>interval</c> otherwise, and once more when
/// stopped. A snapshot of null is skipped (the job is between states). A failed write is logged and the job goes
/// on: its status is still served from memory while it runs.
/// </summary>
public sealed partial class JobStatusWriter
{
    private readonly IJobStore _store;
    private readonly Func<JobRecord?> _snapshot;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _signal = NewSignal();
    private Task _loop = Task.CompletedTask;
    private int _stopped;

    private JobStatusWriter(IJobStore store, Func<JobRecord?> snapshot, TimeProvider time, TimeSpan interval, ILogger logger)
    {
        _store = store;
        _snapshot = snapshot;
        _time = time;
        _interval = interval;
        _logger = logger;
    }

    /// <summary>Writes the first row (a failure here is thrown: a job nobody can see should not start) and starts the periodic writes.</summary>
    public static async Task<JobStatusWriter> StartAsync(IJobStore store, Func<JobRecord?> snapshot, TimeProvider time, TimeSpan interval, ILogger logger)
    {
        var writer = new JobStatusWriter(store, snapshot, time, interval, logger);
        if (snapshot() is { } first) await store.SaveJobAsync(first);
        writer._loop = Task.Run(writer.LoopAsync);
        return writer;
    }

    /// <summary>Asks for a write now (from any thread).</summary>
    public void Wake() => Volatile.Read(ref _signal).TrySetResult();

    /// <summary>
    /// A job whose host is going away: its row is saved first (keeping the running phase, so it reads back as
    /// Interrupted), then the job is cancelled and awaited until it ends or <paramref name="cancellationToken"/> gives up.
    /// </summary>
    public async Task InterruptAsync(Task job, Action cancel, CancellationToken cancellationToken)
    {
        await StopAsync();
        cancel();
        await Task.WhenAny(job, Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken));
    }

    /// <summary>Stops the periodic writes and writes the snapshot once more; later calls do nothing.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        await _stop.CancelAsync();
        await _loop;
        await WriteAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var signal = Volatile.Read(ref _signal);
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                var delay = Task.Delay(_interval, _time, wait.Token);
                await Task.WhenAny(signal.Task, delay);
                await wait.CancelAsync();
            }
            if (signal.Task.IsCompleted) Interlocked.CompareExchange(ref _signal, NewSignal(), signal);
            if (_stop.IsCancellationRequested) return;
            await WriteAsync();
        }
    }

    private async Task WriteAsync()
    {
        try
        {
            if (_snapshot() is { } row) await _store.SaveJobAsync(row);
        }
        catch (Exception exception)
        {
            LogWriteFailed(exception);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write a job's status to the job store; it is written again at the next change")]
    private partial void LogWriteFailed(Exception exception);
}
