using System.Net;

namespace UmsOrleans.Grains.Hosting;

/// <summary>A silo's port is held by another process; the message names the setting that chooses it.</summary>
public sealed class ClusterPortInUseException(string setting, IPEndPoint endpoint)
    : Exception($"{setting} {endpoint.Port} is already in use on {endpoint.Address} (another UMS server or silo on this machine?). " +
        $"Stop that one, or give this one free ports: --{UmsClusterOptions.Section}:{nameof(UmsClusterOptions.SiloPort)}=<port> " +
        $"--{UmsClusterOptions.Section}:{nameof(UmsClusterOptions.GatewayPort)}=<port>.")
{
    public string Setting { get; } = setting;
}
