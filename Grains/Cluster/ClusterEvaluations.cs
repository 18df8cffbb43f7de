using UmsOrleans.Contracts;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Grains.Cluster;

/// <summary>Evaluation runs as the gateway and the CLI see them: start, status, cancel, restart, list.</summary>
public sealed class ClusterEvaluations(IGrainFactory grains, TimeProvider time)
{
    /// <summary>How many runs a list shows, newest first.</summary>
    public const int ListLimit = 200;

    /// <summary>A fresh run id: the task, the start time and a random suffix (valid in collection names).</summary>
    public string NewRunId(string task) => $"{task.ToLowerInvariant()}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    /// <summary>Starts a run in the cluster; a bad request throws <see cref="ArgumentException"/> naming the problem.</summary>
    public Task<EvaluationStatus> StartAsync(string runId, EvaluationRequest request)
    {
        EvaluationRequestParser.ValidateRunId(runId);
        return grains.GetGrain<IEvaluationGrain>(runId).Start(request);
    }

    public Task<EvaluationStatus?> GetAsync(string runId) => grains.GetGrain<IEvaluationGrain>(runId).GetStatus();

    public Task<EvaluationStatus?> CancelAsync(string runId) => grains.GetGrain<IEvaluationGrain>(runId).Cancel();

    public Task<EvaluationStatus?> RestartAsync(string runId) => grains.GetGrain<IEvaluationGrain>(runId).Restart();

    /// <summary>
    /// The newest runs from the job store, so the list survives restarts. A finished run is read from its row; a
    /// run still running there is asked of its grain, which answers live or, when no activation owns it, Interrupted.
    /// </summary>
    public async Task<IReadOnlyList<EvaluationStatus>> ListAsync()
    {
        var rows = await grains.GetGrain<IEvaluationRegistryGrain>(0).ListJobs(JobRecord.Evaluation, ListLimit);
        var statuses = await Task.WhenAll(rows.Select(JobRows.FromWire).Select(async row =>
            JobRows.IsRunning(row) ? await GetAsync(row.Id) ?? JobRows.EvaluationStatus(row) : JobRows.EvaluationStatus(row)));
        return statuses;
    }
}
