namespace UmsOrleans;

/// <summary>Answers only when the silo that runs it can read the catalog store (health checks).</summary>
[Alias("ums.ICatalogProbeGrain")]
public interface ICatalogProbeGrain : IGrainWithIntegerKey
{
    [Alias("probe")]
    Task Probe();
}
