using System.Text.Json;
using Microsoft.Extensions.Logging;
using UmsOrleans.Contracts;
using UmsOrleans.Engine.Adaptation.Training;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Evaluation.Progress;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin adapter over <see cref="AdapterTrainingRunner"/>: runs the job off the grain's scheduler (reading and training
/// take minutes on a large collection, and the grain must keep answering status calls) and reports its thread-safe
/// <see cref="TrainingProgress"/>. The grain's fields are only written on its scheduler; the job writes nothing but
/// the tracker and its own result. A <see cref="JobStatusWriter"/> keeps the job's row current, so a fresh activation
/// answers from the row, and a row left running reads as Interrupted.
/// </summary>
public sealed partial class AdapterTrainingGrain(
    AdapterTrainingRunner runner, ICatalogStore store, ClusterCatalog catalog, IJobStore jobs, TimeProvider time, ILogger<AdapterTrainingGrain> logger)
    : Grain, IAdapterTrainingGrain
{
    /// <summary>How long a started job keeps its activation (and so its live status) alive without calls.</summary>
    private static readonly TimeSpan KeepAlive = TimeSpan.FromDays(1);

    /// <summary>How often a job's progress is saved between step changes.</summary>
    private static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(2);

    private TrainingProgress? _progress;
    private Task<AdapterTrainingResult>? _job;
    private JobStatusWriter? _writer;
    private AdapterTrainingRequest? _request;

    public async Task<AdapterTrainingStatus> Start(AdapterTrainingRequest request)
    {
        if (_progress is not null) return Status(_progress, _request!, _job);
        var jobId = this.GetPrimaryKeyString();
        if (await jobs.GetJobAsync(jobId) is { } stored) return AdapterJobRows.Status(stored);

        var progress = new TrainingProgress(time);
        var requestJson = JsonSerializer.Serialize(request);
        var started = time.GetUtcNow();
        Task<AdapterTrainingResult>? job = null;
        var writer = await JobStatusWriter.StartAsync(jobs, () => Row(jobId, requestJson, started, progress, job), time, SaveInterval, logger);
        progress.Changed = writer.Wake;
        _progress = progress;
        _request = request;
        _writer = writer;
        job = Task.Run(() => TrainAsync(request, progress));
        _job = job;
        _ = job.ContinueWith(async done =>
        {
            var (phase, error) = Outcome(done, progress, request.Collection);
            progress.Finish(phase, error);
            LogFinished(jobId, phase.ToString(), error);
            await writer.StopAsync();
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        DelayDeactivation(KeepAlive);
        LogStarted(jobId, request.Collection, request.Kind, request.Label);
        return Status(progress, request, job);
    }

    public async Task<AdapterTrainingStatus?> GetStatus()
    {
        if (_progress is not null) return Status(_progress, _request!, _job);
        return await jobs.GetJobAsync(this.GetPrimaryKeyString()) is { } stored ? AdapterJobRows.Status(stored) : null;
    }

    public Task<AdapterTrainingStatus?> Cancel()
    {
        _progress?.Cancel();
        return GetStatus();
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_job is { IsCompleted: false } job)
        {
            LogInterruptedOnDeactivation(this.GetPrimaryKeyString(), reason.Description);
            await _writer!.InterruptAsync(job, _progress!.Cancel, cancellationToken);
        }
        _progress?.Dispose();
    }

    /// <summary>The job itself: the collection as the store has it now, the request checked against it, then the runner.</summary>
    private async Task<AdapterTrainingResult> TrainAsync(AdapterTrainingRequest request, TrainingProgress progress)
    {
        var spec = await store.GetCollectionAsync(request.Collection, progress.Token) ?? throw new Engine.Catalog.CollectionNotFoundException(request.Collection);
        var plan = AdapterTrainingPlan.Create(spec, request.Kind, request.Label, request.Seed, request.Method, request.TextSpace);
        return await runner.RunAsync(spec, plan, await CountProductsAsync(spec), progress);
    }

    /// <summary>The collection's product count for the reading step's total; 0 (unknown) when a shard does not answer.</summary>
    private async Task<long> CountProductsAsync(Engine.Catalog.CollectionSpec spec)
    {
        try
        {
            return (await catalog.GetShardStatsAsync(spec)).Sum(s => (long)s.Products);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCountFailed(exception, spec.Name);
            return 0;
        }
    }

    private static (AdapterJobPhase Phase, string? Error) Outcome(Task<AdapterTrainingResult> done, TrainingProgress progress, string collection)
    {
        if (done.IsCompletedSuccessfully) return (AdapterJobPhase.Completed, null);
        var exception = done.Exception?.GetBaseException();
        if (progress.Token.IsCancellationRequested && (done.IsCanceled || exception is OperationCanceledException)) return (AdapterJobPhase.Cancelled, null);
        return (AdapterJobPhase.Failed, exception switch
        {
            InvalidTrainingRequestException invalid => $"{invalid.Field}: {invalid.Message}",
            Engine.Catalog.CollectionNotFoundException => $"collection '{collection}' does not exist (any more, or was created again while the adapter trained); nothing was saved.",
            null => "the training ended without a result.",
            _ => exception.Message,
        });
    }

    /// <summary>The job's row; null while the tracker has ended but the job's result is not there yet.</summary>
    private JobRecord? Row(string jobId, string request, DateTimeOffset started, TrainingProgress progress, Task<AdapterTrainingResult>? job)
    {
        var snapshot = progress.Snapshot();
        if (snapshot.Finished && job is not { IsCompleted: true }) return null;
        return new JobRecord(jobId, JobRecord.AdapterTraining, request, snapshot.Phase.ToString(), snapshot.Done, snapshot.Total,
            started, time.GetUtcNow(), snapshot.Finished ? started + snapshot.Elapsed : null, snapshot.Error, Details(snapshot, job).ToJson());
    }

    private static AdapterJobDetails Details(TrainingSnapshot snapshot, Task<AdapterTrainingResult>? job) =>
        job is { IsCompletedSuccessfully: true } done
            ? new AdapterJobDetails(snapshot.Step.Describe(), done.Result.Adapter.Version, done.Result.Adapter.Validation, done.Result.TrainingSet)
            : new AdapterJobDetails(snapshot.Step.Describe());

    private AdapterTrainingStatus Status(TrainingProgress progress, AdapterTrainingRequest request, Task<AdapterTrainingResult>? job)
    {
        var snapshot = progress.Snapshot();
        var details = Details(snapshot, job);
        return new AdapterTrainingStatus(this.GetPrimaryKeyString(), request, snapshot.Phase.ToString(), snapshot.Step.Describe(), snapshot.Done, snapshot.Total,
            snapshot.Elapsed.TotalSeconds, snapshot.Finished, snapshot.Error, details.Version, details.ToJson());
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Adapter training {JobId} accepted: collection '{Collection}', kind {Kind}, label {Label}")]
    private partial void LogStarted(string jobId, string collection, string kind, string label);

    [LoggerMessage(Level = LogLevel.Information, Message = "Adapter training {JobId} ended {Phase}: {Error}")]
    private partial void LogFinished(string jobId, string phase, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not count the products of collection '{Collection}' for a training job's progress; its total reads as unknown")]
    private partial void LogCountFailed(Exception exception, string collection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Adapter training {JobId} is being deactivated ({Reason}) while running; it is stopped and reads back as Interrupted")]
    private partial void LogInterruptedOnDeactivation(string jobId, string reason);
}
