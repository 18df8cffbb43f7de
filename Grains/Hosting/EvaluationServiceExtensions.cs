using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UmsOrleans.Evaluation.Runs;

namespace UmsOrleans.Hosting;

public static class EvaluationServiceExtensions
{
    /// <summary>
    /// What evaluation grains need on a silo: the cluster view they search through and the runner. The
    /// encoder factory (<see cref="IEvaluationEncoderFactory"/>) is registered by the encoders' own setup.
    /// </summary>
    public static IServiceCollection AddUmsEvaluation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddUmsClusterCatalog(configuration);
        services.TryAddSingleton<EvaluationRunner>();
        return services;
    }
}
