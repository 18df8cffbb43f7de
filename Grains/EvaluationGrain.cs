using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Evaluation.Adapters;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Engine.Evaluation.Reports;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over <see cref="EvaluationRunner"/>: starts the run as a background job off the grain's
/// scheduler (it reads files and computes metrics for minutes, and the grain must keep answering status
/// calls), and reports the job's thread-safe <see cref="ProgressTracker"/>. The grain's own fields are only
/// written on its scheduler; the job writes nothing but the tracker and its own result. A
/// <see cref="JobStatusWriter"/> keeps the run's row in the job store current, so the run outlives this
/// activation: a fresh activation answers from the row, and a row left running reads as Interrupted.
/// </summary>
public sealed partial class EvaluationGrain(
    EvaluationRunner runner, IEvaluationEncoderFactory encoders, IJobStore jobs, TimeProvider time, ILogger<EvaluationGrain> logger)
    : Grain, IEvaluationGrain
{
    /// <summary>How long a started run keeps its activation (and so its live status) alive without calls.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(1);

    /// <summary>How often a run's progress is saved between phase changes.</summary>
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(2);

    private ProgressTracker? _progress;
    private Task<EvaluationReport>? _job;
    private JobStatusWriter? _writer;
    private string? _output;

    public async Task<EvaluationStatus> Start(EvaluationRequest request)
    {
        if (_progress is not null) return Status(_progress);
        var runId = this.GetPrimaryKeyString();
        EvaluationRequestParser.ValidateRunId(runId);
        if (await jobs.GetJobAsync(runId) is { } stored) return JobRows.EvaluationStatus(stored);
        return await RunAsync(runId, request);
    }

    public async Task<EvaluationStatus?> Restart()
    {
        if (_job is { IsCompleted: false } || _progress?.Phase == EvaluationPhase.Completed) return Status(_progress!);
        var runId = this.GetPrimaryKeyString();
        if (_writer is { } previous) await previous.StopAsync(); // the last attempt's final row goes before the new one's first
        if (await jobs.GetJobAsync(runId) is not { } stored) return null;
        if (stored.Phase == nameof(EvaluationPhase.Completed)) return JobRows.EvaluationStatus(stored);
        var request = JsonSerializer.Deserialize<EvaluationRequest>(stored.Request)
            ?? throw new InvalidOperationException($"run '{runId}' has no stored request to restart from.");
        _progress?.Dispose();
        LogRestarted(runId, stored.Phase);
        return await RunAsync(runId, request);
    }

    public async Task<EvaluationStatus?> GetStatus()
    {
        if (_progress is not null) return Status(_progress);
        return await jobs.GetJobAsync(this.GetPrimaryKeyString()) is { } stored ? JobRows.EvaluationStatus(stored) : null;
    }

    public Task<EvaluationStatus?> Cancel()
    {
        _progress?.Cancel();
        return GetStatus();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_job is { IsCompleted: false } job)
        {
            LogInterruptedOnDeactivation(this.GetPrimaryKeyString(), reason.Description);
            await _writer!.InterruptAsync(job, _progress!.Cancel, cancellationToken); // the run can then be restarted
        }
        _progress?.Dispose();
    }

    private async Task<EvaluationStatus> RunAsync(string runId, EvaluationRequest request)
    {
        var settings = EvaluationRequestParser.Parse(request.Layout, request.DataDirectory, request.OutputDirectory, request.Shards, request.DumpFeatures, request.Ocr);
        var encoder = encoders.Create(request.Model);
        // Read and checked against the model here, so a wrong adapter is refused before the run starts.
        var adapter = request.AdapterPath is { } adapterPath ? EvaluationAdapter.Load(adapterPath, encoder) : null;
        var progress = new ProgressTracker(time);
        var requestJson = JsonSerializer.Serialize(request);
        var started = time.GetUtcNow();
        Task<EvaluationReport>? job = null;
        var writer = await JobStatusWriter.StartAsync(jobs, () => Row(runId, requestJson, started, settings.OutputDirectory, progress, job), time, SaveInterval, logger);
        progress.PhaseChanged = writer.Wake;
        _progress = progress;
        _output = settings.OutputDirectory;
        _writer = writer;
        job = Task.Run(() => runner.RunAsync(runId, settings, encoder, progress, adapter));
        _job = job;
        _ = job.ContinueWith(async done =>
        {
            // A run that failed before its first phase never finished its tracker.
            if (!progress.Phase.IsTerminal()) progress.Finish(EvaluationPhase.Failed, done.Exception?.InnerException?.Message ?? "the run ended without a result");
            await writer.StopAsync();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        DelayDeactivation(KeepAlive);
        LogStarted(runId, request.Layout, request.Model);
        return Status(progress);
    }

    /// <summary>The run's row; null while the tracker has ended but the job's result (the metrics) is not there yet.</summary>
    private JobRecord? Row(string runId, string request, DateTimeOffset started, string output, ProgressTracker progress, Task<EvaluationReport>? job)
    {
        var snapshot = progress.Snapshot();
        var ended = snapshot.Phase.IsTerminal();
        if (ended && job is not { IsCompleted: true }) return null;
        var metrics = job is { IsCompletedSuccessfully: true }
            ? JsonSerializer.Serialize(job.Result.Metrics.ToDictionary(m => m.Name, m => m.Value))
            : null;
        return new JobRecord(runId, JobRecord.Evaluation, request, snapshot.Phase.ToString(), snapshot.Done, snapshot.Total,
            started, time.GetUtcNow(), ended ? started + snapshot.Elapsed : null, snapshot.Error, metrics, output);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Evaluation run {RunId} restarted (it had stopped in phase {Phase})")]
    private partial void LogRestarted(string runId, string phase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evaluation run {RunId} is being deactivated ({Reason}) while running; it is stopped and reads back as Interrupted")]
    private partial void LogInterruptedOnDeactivation(string runId, string reason);
}
