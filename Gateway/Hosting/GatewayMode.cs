namespace UmsOrleans.Gateway.Hosting;

public enum GatewayMode
{
    /// <summary>Silo and gateway in one process (the single-machine default).</summary>
    Embedded,

    /// <summary>An Orleans client of a cluster of separate <c>Silo</c> processes.</summary>
    Client,
}
