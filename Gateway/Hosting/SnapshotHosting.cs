using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Snapshots;
using UmsOrleans.Gateway.Api;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Gateway.Hosting;

public static class SnapshotHosting
{
    /// <summary>
    /// The snapshots folder (<see cref="SnapshotOptions"/>) and the catalog store snapshots are read from: the embedded
    /// silo's own, or, for a gateway in Client mode, the one <c>Ums:Catalog</c> names (the cluster's PostgreSQL, or the
    /// SQLite file of a silo on this machine).
    /// </summary>
    public static IHostApplicationBuilder AddUmsSnapshots(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SnapshotOptions>().Bind(builder.Configuration.GetSection(SnapshotOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var dataDirectory = UmsClusterHosting.DataDirectory(builder.Configuration);
        builder.Services.AddSingleton(sp => new SnapshotDirectory(sp.GetRequiredService<IOptions<SnapshotOptions>>().Value.ResolveDirectory(dataDirectory)));
        if (builder.Configuration.GetValue("Ums:Gateway:Mode", GatewayMode.Embedded) == GatewayMode.Client) builder.Services.AddUmsCatalog(builder.Configuration);
        builder.Services.AddSingleton(sp => (ICatalogSnapshotSource)sp.GetRequiredService<ICatalogStore>());
        return builder;
    }
}
