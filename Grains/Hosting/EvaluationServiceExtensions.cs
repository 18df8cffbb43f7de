using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Evaluation.Runs;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Engine.Search;
using UmsOrleans.Grains.Cluster;

namespace UmsOrleans.Grains.Hosting;

public static class EvaluationServiceExtensions
{
    /// <summary>
    /// What evaluation grains need on a silo: the cluster view they search through, the runner, and the
    /// encoder factory that sends a run's encoding to the model's encoder grains, and the job store (the
    /// catalog's own job table; in memory for a catalog store that has none).
    /// </summary>
    public static IServiceCollection AddUmsEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUmsClusterCatalog(configuration);
        services.TryAddSingleton<ISearchTarget>(sp => sp.GetRequiredService<ClusterCatalog>());
        services.TryAddSingleton<IContentEncoder>(sp => sp.GetRequiredService<ClusterEncoders>());
        services.TryAddSingleton<EvaluationRunner>();
        services.TryAddSingleton<IJobStore>(sp => sp.GetService<ICatalogStore>() as IJobStore ?? new InMemoryJobStore());
        services.TryAddSingleton<IEvaluationEncoderFactory, ContentEvaluationEncoderFactory>();
        return services;
    }
}
