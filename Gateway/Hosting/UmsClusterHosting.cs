using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Gateway.Hosting;

public static class UmsClusterHosting
{
    /// <summary>
    /// The cluster this process works with, for the server and the CLI verbs alike: <c>Ums:Gateway:Mode</c> =
    /// <c>Embedded</c> (default: a silo in this process, localhost clustering, SQLite under
    /// <c>Ums:Catalog:DataDirectory</c>) or <c>Client</c> (an Orleans client of a running cluster), plus the
    /// cluster-facing services (catalog, encoders, evaluations).
    /// </summary>
    public static IHostApplicationBuilder AddUmsCluster(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue("Ums:Gateway:Mode", GatewayMode.Embedded) == GatewayMode.Embedded)
        {
            builder.UseOrleans(silo => silo.AddUmsSilo(builder.Configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseUmsCluster(builder.Configuration));
        }
        builder.Services.AddUmsClusterCatalog(builder.Configuration);
        return builder;
    }

    /// <summary>The catalog's data directory, the default root of everything a server reads or writes by path.</summary>
    public static string DataDirectory(IConfiguration configuration) =>
        configuration.GetValue(CatalogOptions.Section + ":DataDirectory", new CatalogOptions().DataDirectory)!;
}
