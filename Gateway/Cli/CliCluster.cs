using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Gateway.Hosting;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The cluster a CLI verb works with: by default an embedded silo in this process over the same data
/// directory as the server (stop the server first: both would use its SQLite file and ports); with
/// <c>--Ums:Gateway:Mode=Client</c> it joins a running cluster as an Orleans client instead. Either way it
/// prints which cluster it uses, and a cluster it cannot start or join ends the verb with
/// <see cref="ExitCodes.ClusterUnavailable"/> (a <see cref="CliClusterException"/>).
/// </summary>
public sealed class CliCluster : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a Client-mode verb tries to join (<c>Ums:Gateway:JoinTimeout</c>): a silo of another cluster
    /// on the gateway port refuses the client, which would otherwise retry without end.
    /// </summary>
    private static readonly TimeSpan DefaultJoinTimeout = TimeSpan.FromSeconds(30);

    private readonly IHost _host;

    private CliCluster(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public ClusterCatalog Catalog => _host.Services.GetRequiredService<ClusterCatalog>();

    /// <exception cref="CliClusterException">The settings are wrong, or the cluster could not be started or joined.</exception>
    public static async Task<CliCluster> StartAsync(IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder([.. configurationArgs]);
        // The terminal shows the verb's own progress; the runtime's start-up chatter and its warnings about a
        // busy machine would bury it. Errors still show.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        // A start that fails is reported once, by the verb, with the setting to change.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        UmsClusterOptions cluster;
        try
        {
            cluster = UmsClusterOptions.Read(builder.Configuration);
            builder.AddUmsCluster();
        }
        catch (OptionsValidationException exception)
        {
            throw new CliClusterException(exception.Message, ExitCodes.InvalidInput, exception);
        }
        // Bulk verbs queue minutes of encoding on a possibly busy machine; Orleans's 30 s default would fail
        // calls that are merely waiting their turn (and a timed-out call still runs, wasting the work).
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = CallTimeout);
        builder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = CallTimeout);
        var host = builder.Build();
        var client = builder.Configuration.GetValue("Ums:Gateway:Mode", GatewayMode.Embedded) == GatewayMode.Client;
        using var joinTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (client) joinTimeout.CancelAfter(builder.Configuration.GetValue("Ums:Gateway:JoinTimeout", DefaultJoinTimeout));
        try
        {
            await host.StartAsync(joinTimeout.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            host.Dispose();
            throw StartFailure(exception, cluster, client, builder.Configuration);
        }
        await Console.Out.WriteLineAsync(client
            ? $"Joined cluster '{cluster.ClusterId}' (service '{cluster.ServiceId}') through gateway {await GatewaysAsync(host.Services)}."
            : $"Started an embedded silo of cluster '{cluster.ClusterId}' (silo port {cluster.SiloPort}, gateway port {cluster.GatewayPort}).");
        return new CliCluster(host);
    }

    private static async Task<string> GatewaysAsync(IServiceProvider services)
    {
        var gateways = await services.GetRequiredService<IGatewayListProvider>().GetGateways();
        return string.Join(", ", gateways.Select(uri => $"{uri.Host}:{uri.Port}"));
    }

    private static CliClusterException StartFailure(Exception exception, UmsClusterOptions cluster, bool client, IConfiguration configuration)
    {
        for (var cause = exception; cause is not null; cause = cause.InnerException)
        {
            if (cause is ClusterPortInUseException portInUse) return new CliClusterException(portInUse.Message, ExitCodes.ClusterUnavailable, exception);
            if (cause is OptionsValidationException invalid) return new CliClusterException(invalid.Message, ExitCodes.InvalidInput, exception);
        }
        if (!client) return new CliClusterException($"The embedded silo could not start: {exception.Message}", ExitCodes.ClusterUnavailable, exception);
        var where = string.IsNullOrWhiteSpace(cluster.Redis) ? $"gateway port {cluster.GatewayPort} of localhost" : "the gateways in Redis membership";
        var dataDirectory = Path.GetFullPath(UmsClusterHosting.DataDirectory(configuration));
        return new CliClusterException(
            $"Could not join cluster '{cluster.ClusterId}' through {where}" +
            (exception is OperationCanceledException ? " in time. " : $": {exception.Message} ") +
            $"Is a server running over the same {CatalogOptions.Section}:DataDirectory ({dataDirectory}) and " +
            $"{UmsClusterOptions.Section}:{nameof(UmsClusterOptions.GatewayPort)}? Otherwise set " +
            $"{UmsClusterOptions.Section}:{nameof(UmsClusterOptions.ClusterId)} to that server's cluster id.",
            ExitCodes.ClusterUnavailable, exception);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
