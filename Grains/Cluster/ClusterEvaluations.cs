using UmsOrleans.Contracts;
using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Grains.Cluster;

/// <summary>Evaluation runs as the gateway and the CLI see them: start, status, cancel, list.</summary>
public sealed class ClusterEvaluations(IGrainFactory grains, TimeProvider time)
{
    /// <summary>A fresh run id: the task, the start time and a random suffix (valid in collection names).</summary>
    public string NewRunId(string task) => $"{task.ToLowerInvariant()}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Random.Shared.Next(0x10000):x4}";

    /// <summary>Starts a run in the cluster; a bad request throws <see cref="ArgumentException"/> naming the problem.</summary>
    public async Task<EvaluationStatus> StartAsync(string runId, EvaluationRequest request)
    {
        EvaluationRequestParser.ValidateRunId(runId);
        var status = await grains.GetGrain<IEvaluationGrain>(runId).Start(request);
        await grains.GetGrain<IEvaluationRegistryGrain>(0).Register(runId);
        return status;
    }

    public Task<EvaluationStatus?> GetAsync(string runId) => grains.GetGrain<IEvaluationGrain>(runId).GetStatus();

    public Task<EvaluationStatus?> CancelAsync(string runId) => grains.GetGrain<IEvaluationGrain>(runId).Cancel();

    public async Task<IReadOnlyList<EvaluationStatus>> ListAsync()
    {
        var ids = await grains.GetGrain<IEvaluationRegistryGrain>(0).List();
        var statuses = await Task.WhenAll(ids.Select(GetAsync));
        return [.. statuses.OfType<EvaluationStatus>()];
    }
}
