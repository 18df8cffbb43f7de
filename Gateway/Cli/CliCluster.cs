using Orleans.Configuration;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Gateway.Hosting;

namespace UmsOrleans.Gateway.Cli;

/// <summary>
/// The cluster a CLI verb works with: by default an embedded silo in this process over the same data
/// directory as the server (stop the server first: both would use its SQLite file and ports); with
/// <c>--Ums:Gateway:Mode=Client</c> it joins a running cluster as an Orleans client instead.
/// </summary>
public sealed class CliCluster : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromMinutes(5);

    private readonly IHost _host;

    private CliCluster(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public ClusterCatalog Catalog => _host.Services.GetRequiredService<ClusterCatalog>();

    public static async Task<CliCluster> StartAsync(IReadOnlyList<string> configurationArgs, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder([.. configurationArgs]);
        // The terminal shows the verb's own progress; the runtime's start-up chatter and its warnings about a
        // busy machine would bury it. Errors still show.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.AddUmsCluster();
        // Bulk verbs queue minutes of encoding on a possibly busy machine; Orleans's 30 s default would fail
        // calls that are merely waiting their turn (and a timed-out call still runs, wasting the work).
        builder.Services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = CallTimeout);
        builder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = CallTimeout);
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new CliCluster(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
