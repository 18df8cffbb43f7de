using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// When a silo joins, the oldest silo starts a rebalance (<see cref="IRebalanceGrain"/>) <see cref="ShardOptions.RebalanceDelay"/>
/// later; a further join within that delay restarts the wait, so silos that join together are balanced in one run.
/// Off with <c>Ums:Shard:RebalanceOnJoin=false</c>.
/// </summary>
internal sealed partial class RebalanceOnJoin(
    IClusterMembershipService membership, ILocalSiloDetails local, IGrainFactory grains, IOptions<ShardOptions> options, TimeProvider time, ILogger<RebalanceOnJoin> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RebalanceOnJoin) return;
        HashSet<SiloAddress>? active = null;
        CancellationTokenSource? waiting = null;
        try
        {
            await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(stoppingToken))
            {
                var nowActive = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).Select(m => m.SiloAddress).ToHashSet();
                var joined = active is null ? [] : nowActive.Except(active).Where(s => !s.Equals(local.SiloAddress)).ToList();
                active = nowActive;
                if (joined.Count == 0 || !OldestSilo.IsLocal(nowActive, local.SiloAddress)) continue;
                if (waiting is not null)
                {
                    await waiting.CancelAsync();
                    waiting.Dispose();
                }
                waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                _ = StartAfterDelayAsync($"silo {string.Join(", ", joined)} joined", waiting.Token);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task StartAfterDelayAsync(string trigger, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Value.RebalanceDelay, time, cancellationToken);
            await grains.GetGrain<IRebalanceGrain>(0).Start(trigger);
            LogStarted(trigger);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception exception)
        {
            LogStartFailed(exception, trigger);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rebalance started: {Trigger}")]
    private partial void LogStarted(string trigger);

    [LoggerMessage(Level = LogLevel.Error, Message = "A rebalance after '{Trigger}' could not be started; replicas stay where they are until the next join or POST /cluster/rebalance")]
    private partial void LogStartFailed(Exception exception, string trigger);
}
