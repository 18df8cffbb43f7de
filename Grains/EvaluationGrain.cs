using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over <see cref="EvaluationRunner"/>: starts the run as a background job off the grain's
/// scheduler (it reads files and computes metrics for minutes, and the grain must keep answering status
/// calls), and reports the job's thread-safe <see cref="ProgressTracker"/>. The grain's own fields are only
/// written on its scheduler; the job writes nothing but the tracker and its own result.
/// </summary>
public sealed partial class EvaluationGrain(EvaluationRunner runner, IEvaluationEncoderFactory encoders, TimeProvider time, ILogger<EvaluationGrain> logger)
    : Grain, IEvaluationGrain
{
    /// <summary>How long a started run keeps its activation (and so its status) alive without calls.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(1);

    private ProgressTracker? _progress;
    private Task<EvaluationReport>? _job;
    private string? _output;

    public Task<EvaluationStatus> Start(EvaluationRequest request)
    {
        if (_progress is not null) return Task.FromResult(Status(_progress));
        var runId = this.GetPrimaryKeyString();
        EvaluationRequestParser.ValidateRunId(runId);
        var settings = EvaluationRequestParser.Parse(request.Layout, request.DataDirectory, request.OutputDirectory, request.Shards, request.DumpFeatures);
        var encoder = encoders.Create(request.Model);
        var progress = new ProgressTracker(time);
        _progress = progress;
        _output = settings.OutputDirectory;
        _job = Task.Run(() => runner.RunAsync(runId, settings, encoder, progress));
        _job.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        DelayDeactivation(KeepAlive);
        LogStarted(runId, request.Layout, request.Model);
        return Task.FromResult(Status(progress));
    }

    public Task<EvaluationStatus?> GetStatus() => Task.FromResult(_progress is null ? null : Status(_progress));

    public Task<EvaluationStatus?> Cancel()
    {
        _progress?.Cancel();
        return GetStatus();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_job is { IsCompleted: false } job)
        {
            LogCancelledOnDeactivation(this.GetPrimaryKeyString(), reason.Description);
            _progress!.Cancel();
            await Task.WhenAny(job, Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken));
        }
        _progress?.Dispose();
    }

    private EvaluationStatus Status(ProgressTracker progress)
    {
        var snapshot = progress.Snapshot();
        var metrics = _job is { IsCompletedSuccessfully: true } job
            ? job.Result.Metrics.ToImmutableDictionary(m => m.Name, m => m.Value)
            : ImmutableDictionary<string, double>.Empty;
        return new EvaluationStatus(
            this.GetPrimaryKeyString(),
            snapshot.Phase.ToString(),
            snapshot.Done,
            snapshot.Total,
            snapshot.ItemsPerSecond,
            snapshot.Eta?.TotalSeconds,
            snapshot.Elapsed.TotalSeconds,
            _job?.IsCompleted ?? false,
            snapshot.Error,
            metrics,
            _output);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation run {RunId} accepted: layout {Layout}, model '{Model}'")]
    private partial void LogStarted(string runId, string layout, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation run {RunId} is being deactivated ({Reason}) while running; it is cancelled")]
    private partial void LogCancelledOnDeactivation(string runId, string reason);
}
