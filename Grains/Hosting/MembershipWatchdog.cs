using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Clustering.Redis;
using Orleans.Configuration;
using StackExchange.Redis;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// Puts the Redis membership table back when Redis lost it (restarted without persistence, or flushed).
/// Orleans only creates the table when a silo starts, so without this the running silos fail every membership
/// read from then on and no new client or silo can join.
/// </summary>
/// <remarks>
/// Every few seconds the silo reads the hash and keeps it; when the version field is gone it writes the kept
/// copy back at the version it had. Not a newer version: Orleans (10.4) fences a silo that reads a newer table
/// without its own row, so a table written back newer but incomplete would stop silos; at the same version
/// every silo already holds that view and simply carries on.
/// </remarks>
internal sealed partial class MembershipWatchdog(
    IOptions<RedisClusteringOptions> redis,
    IOptions<ClusterOptions> cluster,
    ILocalSiloDetails silo,
    ILogger<MembershipWatchdog> logger) : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private ConnectionMultiplexer? _connection;
    private MembershipTableCopy? _last;
    private bool _unreadable;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(MembershipWatchdog), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = redis.Value.ConfigurationOptions!.Clone();
        // Keep reconnecting by itself across a Redis restart.
        options.AbortOnConnectFail = false;
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
        var hash = new RedisMembershipHash(_connection.GetDatabase(), redis.Value.CreateRedisKey(cluster.Value));
        _loop = WatchAsync(hash, _stopping.Token);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop;
    }

    private async Task WatchAsync(RedisMembershipHash hash, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await CheckAsync(hash);
                _unreadable = false;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                if (!_unreadable) LogUnreadable(exception.Message, Interval);
                _unreadable = true;
            }
            try
            {
                await Task.Delay(Interval, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckAsync(RedisMembershipHash hash)
    {
        var table = await hash.ReadAsync();
        var ownRow = silo.SiloAddress.ToString();
        switch (MembershipRepair.Decide(table, ownRow, _last))
        {
            case MembershipRepairAction.Remember:
                _last = MembershipRepair.Copy(table);
                break;
            case MembershipRepairAction.RestoreTable:
                if (await hash.RestoreAsync(_last!)) LogRestored(_last!.Rows.Count, _last.Version);
                break;
            case MembershipRepairAction.ReinsertOwnRow:
                if (await hash.ReinsertAsync(ownRow, _last!.Rows[ownRow])) LogReinserted(ownRow);
                break;
            case MembershipRepairAction.CannotRestore:
                LogCannotRestore();
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        if (_connection is not null) await _connection.DisposeAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "The cluster's membership table was missing from Redis (Redis restarted empty or was flushed). This silo wrote back its last copy " +
        "({Silos} silo(s), table version {Version}) so that the silos and clients can use it again. Run Redis with persistence (appendonly yes) to avoid this.")]
    private partial void LogRestored(int silos, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This silo ({Silo}) was missing from the cluster's membership table in Redis; it wrote its row back.")]
    private partial void LogReinserted(string silo);

    [LoggerMessage(Level = LogLevel.Error, Message =
        "The cluster's membership table is missing from Redis and this silo has no copy to restore it from (it had not read the table yet). " +
        "Restart the silos to register them again.")]
    private partial void LogCannotRestore();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the cluster's membership table from Redis ({Reason}); trying again every {Interval}.")]
    private partial void LogUnreadable(string reason, TimeSpan interval);
}
