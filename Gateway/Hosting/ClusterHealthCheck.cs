using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace UmsOrleans.Gateway.Hosting;

/// <summary>Healthy only when a grain call reaches a silo and that silo reads the catalog store.</summary>
public sealed class ClusterHealthCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await grains.GetGrain<ICatalogProbeGrain>(0).Probe().WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            var silos = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
            return HealthCheckResult.Healthy($"{silos.Count} active silo(s); the catalog store answers",
                new Dictionary<string, object> { ["activeSilos"] = silos.Count });
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("the cluster or its catalog store does not answer", exception);
        }
    }
}
