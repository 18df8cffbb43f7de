using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Grains.Cluster;
using UmsOrleans.Grains.Mapping;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Ocr;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Grains.Placement;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using UmsOrleans.Engine.Search;
using UmsOrleans.Engine.Search.Replicas;
using UmsOrleans.Engine.Telemetry;

namespace UmsOrleans.Grains.Hosting;

public static class UmsSiloExtensions
{
    /// <summary>Everything a UMS silo runs: the catalog store and the grains' services. No clustering.</summary>
    public static ISiloBuilder AddUmsGrains(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddUmsCatalog(configuration);
        silo.Services.AddOptions<MemoryOptions>().Bind(configuration.GetSection(MemoryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.AddOptions<ShardOptions>().Bind(configuration.GetSection(ShardOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton(sp => UmsInstruments.Observe(new MemoryBudget(sp.GetRequiredService<IOptions<MemoryOptions>>().Value.EffectiveBudgetBytes)));
        silo.Services.TryAddSingleton<HandedOverPartitions>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CatalogStoreInitializer>();
        silo.AddIncomingGrainCallFilter<StoreFailureCallFilter>();
        silo.Services.AddPlacementDirector<DistinctReplicaPlacement, DistinctReplicaPlacementDirector>();
        silo.Services.AddHostedService<ReplicaKeeper>();
        silo.Services.AddHostedService<RebalanceOnJoin>();
        silo.AddUmsEncoding(configuration);
        silo.Services.AddUmsEvaluation(configuration);
        silo.Services.AddUmsAdapterTraining();
        return silo;
    }

    /// <summary>
    /// Encoder grains on this silo: the encoder host (models loaded on first use, sessions shared by the
    /// process), the accelerator this silo advertises in its silo metadata, and the placement filter that
    /// sends encoder grains to accelerator silos when any exist.
    /// </summary>
    public static ISiloBuilder AddUmsEncoding(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.Services.AddUmsEncodingOptions(configuration);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.TryAddSingleton<EncoderHost>();
        silo.Services.AddOptions<OcrOptions>()
            .Configure(o => o.UnclipRatio = OcrOptions.SceneTextUnclipRatio)
            .Bind(configuration.GetSection(OcrOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        silo.Services.TryAddSingleton(sp => new OcrEngineProvider(
            sp.GetRequiredService<IOptions<OcrOptions>>(), sp.GetRequiredService<IOptions<EncodingOptions>>().Value.ImageLimits, sp.GetRequiredService<ILogger<OcrEngineProvider>>()));
        silo.Services.TryAddSingleton(new SceneTextCache());
        silo.Services.TryAddSingleton<CachedSceneTextReader>();
        var encoding = configuration.GetSection(EncodingOptions.Section).Get<EncodingOptions>() ?? new EncodingOptions();
        silo.UseSiloMetadata(new Dictionary<string, string> { [SiloAccelerator.MetadataKey] = SiloAccelerator.Advertised(encoding) });
        silo.Services.AddPlacementFilter<AcceleratorPlacementFilterStrategy, AcceleratorPlacementFilterDirector>(ServiceLifetime.Singleton);
        return silo;
    }

    /// <summary>Encoding options (bound and validated once however many callers add them) and the manifest registry.</summary>
    public static IServiceCollection AddUmsEncodingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(ManifestRegistry))) return services;
        services.AddOptions<EncodingOptions>().Bind(configuration.GetSection(EncodingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ManifestRegistry>();
        return services;
    }

    /// <summary>
    /// A full UMS silo: grains plus clustering (Redis when configured, else localhost). It refuses to start when
    /// its silo or gateway port is already taken (<see cref="ClusterPortsCheck"/>).
    /// </summary>
    public static ISiloBuilder AddUmsSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        silo.AddUmsGrains(configuration);
        if (TelemetryOptions.Read(configuration).RecordsTraces) silo.AddActivityPropagation();
        silo.Services.AddUmsTelemetry(configuration);
        var cluster = UmsClusterOptions.Read(configuration);
        if (string.IsNullOrWhiteSpace(cluster.Redis))
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
        }
        else
        {
            silo.UseRedisClustering(cluster.Redis);
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(IPAddress.Parse(cluster.AdvertisedAddress), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: false);
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, MembershipWatchdog>();
        }
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ClusterPortsCheck>();
        // Orleans's own failure-detection settings (ProbeTimeout, NumMissedProbesLimit, …), when given.
        silo.Services.Configure<ClusterMembershipOptions>(configuration.GetSection(UmsClusterOptions.Section + ":Membership"));
        return silo;
    }

    /// <summary>
    /// An Orleans client of the cluster: found through Redis membership when <c>Ums:Cluster:Redis</c> is set,
    /// else the single-machine silo on <c>Ums:Cluster:GatewayPort</c> of localhost.
    /// </summary>
    public static IClientBuilder UseUmsCluster(this IClientBuilder client, IConfiguration configuration)
    {
        if (TelemetryOptions.Read(configuration).RecordsTraces) client.AddActivityPropagation();
        client.Services.AddUmsTelemetry(configuration);
        var cluster = UmsClusterOptions.Read(configuration);
        if (string.IsNullOrWhiteSpace(cluster.Redis))
        {
            return client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
        }
        client.UseRedisClustering(cluster.Redis);
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.ClusterId;
            o.ServiceId = cluster.ServiceId;
        });
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = cluster.GatewayListRefresh);
        return client;
    }

    public static IServiceCollection AddUmsCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogOptions>().Bind(configuration.GetSection(CatalogOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<ICatalogStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogOptions>>().Value;
            var time = sp.GetService<TimeProvider>();
            return options.Provider switch
            {
                CatalogProvider.Postgres => new PostgresCatalogStore(options.PostgresConnectionString!, time),
                _ => new SqliteCatalogStore(options.SqlitePath, time),
            };
        });
        return services;
    }

    /// <summary>What a gateway needs beside its Orleans client or embedded silo.</summary>
    public static IServiceCollection AddUmsClusterCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReplicaLoad>();
        services.TryAddSingleton<ClusterCatalog>();
        services.AddUmsEncodingOptions(configuration);
        services.TryAddSingleton<ClusterEncoders>();
        services.TryAddSingleton<ClusterEvaluations>();
        services.TryAddSingleton<ClusterAdapters>();
        services.TryAddSingleton(sp => new Thumbnailer(sp.GetRequiredService<IOptions<EncodingOptions>>().Value.ImageLimits));
        services.TryAddSingleton<ClusterSceneText>();
        services.TryAddSingleton(sp => new ProductBuilder(sp.GetRequiredService<ClusterEncoders>(), sp.GetRequiredService<Thumbnailer>(), sp.GetRequiredService<ClusterSceneText>()));
        services.TryAddSingleton<ProductWriter>();
        return services;
    }
}
