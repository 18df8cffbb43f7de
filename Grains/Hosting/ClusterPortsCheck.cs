using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// Stops a silo before it listens when its silo or gateway port is already taken, instead of letting it share
/// the ports with another silo (clients would then reach either at random). Two silos starting in the same
/// instant can both pass; the cluster id (see <see cref="LocalClusterId"/>) still keeps clients apart then.
/// </summary>
internal sealed class ClusterPortsCheck(IOptions<EndpointOptions> endpoints) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ClusterPortsCheck), ServiceLifecycleStage.First, _ =>
        {
            Check();
            return Task.CompletedTask;
        });

    private void Check()
    {
        var options = endpoints.Value;
        var silo = options.SiloListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress, options.SiloPort);
        if (!PortProbe.IsFree(silo)) throw new ClusterPortInUseException($"{UmsClusterOptions.Section}:{nameof(UmsClusterOptions.SiloPort)}", silo);
        if (options.GatewayPort == 0) return;
        var gateway = options.GatewayListeningEndpoint ?? new IPEndPoint(options.AdvertisedIPAddress, options.GatewayPort);
        if (!PortProbe.IsFree(gateway)) throw new ClusterPortInUseException($"{UmsClusterOptions.Section}:{nameof(UmsClusterOptions.GatewayPort)}", gateway);
    }
}
