using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using UmsOrleans.Engine.Adaptation.Training;

namespace UmsOrleans.Grains.Hosting;

public static class AdapterServiceExtensions
{
    /// <summary>What adapter training grains need on a silo beside the catalog store, the cluster view and the job store: the runner.</summary>
    public static IServiceCollection AddUmsAdapterTraining(this IServiceCollection services)
    {
        services.TryAddSingleton<AdapterTrainingRunner>();
        return services;
    }
}
