using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Rebalancing;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Grains;

/// <summary>
/// Thin holder of the cluster's rebalance (<see cref="ClusterRebalance"/>): one run at a time, started in the background (a
/// start asked for during a run makes one more run after it), its report kept in memory and written to the job store after
/// every step (<see cref="RebalanceJob"/>), so the last report outlives this grain's silo. Never collected while its silo runs.
/// </summary>
[CollectionAgeLimit(AlwaysActive = true)]
public sealed partial class RebalanceGrain(IGrainFactory grains, ICatalogStore store, IJobStore jobs, IOptions<ShardOptions> options, TimeProvider time, ILogger<RebalanceGrain> logger)
    : Grain, IRebalanceGrain
{
    private volatile RebalanceReport? _report;
    private Task? _run;
    private string? _pending;
    private Task _saved = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The last rebalance, run by an earlier activation (on a silo since lost, or before a cluster stop).
        try
        {
            if ((await jobs.ListJobsAsync(RebalanceJob.Kind, 1, cancellationToken)).FirstOrDefault() is { } last) _report = RebalanceJob.FromJob(last);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReportNotRead(exception);
        }
    }

    public Task<Contracts.RebalanceReport> Start(string trigger)
    {
        if (_run is { IsCompleted: false })
        {
            // The cluster changed while a run plans or moves: run again once it ends (the latest reason wins).
            _pending = trigger;
        }
        else
        {
            Run(trigger);
        }
        return Task.FromResult(_report!.ToWire());
    }

    private void Run(string trigger)
    {
        var starting = RebalanceReport.Starting(trigger, time.GetUtcNow());
        Report(starting);
        var rebalance = new ClusterRebalance(grains, store, options.Value, time, logger);
        // Not tied to a call: the run outlives it and reports each step here; the follow-up runs on this activation.
        _run = Task.Run(() => rebalance.RunAsync(starting, Report, CancellationToken.None));
        _ = _run.ContinueWith(_ =>
        {
            if (_pending is not { } next) return;
            _pending = null;
            Run(next);
        }, TaskScheduler.Current);
    }

    /// <summary>Keeps the report and writes it after the ones before (a run reports one step at a time).</summary>
    private void Report(RebalanceReport report)
    {
        _report = report;
        var previous = _saved;
        _saved = SaveAsync(previous, report);
    }

    private async Task SaveAsync(Task previous, RebalanceReport report)
    {
        await previous;
        try
        {
            await jobs.SaveJobAsync(RebalanceJob.ToJob(report, time.GetUtcNow()));
        }
        catch (Exception exception)
        {
            LogReportNotSaved(exception, report.State.ToString().ToLowerInvariant());
        }
    }

    public Task<Contracts.RebalanceReport?> Last() => Task.FromResult(_report?.ToWire());

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rebalance report ({State}) could not be written to the job store; it is kept in memory, and lost with this silo")]
    private partial void LogReportNotSaved(Exception exception, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The last rebalance report could not be read from the job store; none is shown until the next rebalance")]
    private partial void LogReportNotRead(Exception exception);
}
