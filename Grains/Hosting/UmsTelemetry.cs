using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Resources;
using UmsOrleans.Engine.Telemetry;

namespace UmsOrleans.Grains.Hosting;

/// <summary>
/// OpenTelemetry for a silo or a gateway: our meter and activity source (<see cref="UmsInstruments"/>), Orleans's
/// and Npgsql's, exported over OTLP when <c>Ums:Telemetry:OtlpEndpoint</c> is set; spans only when they are recorded
/// (<see cref="TelemetryOptions.RecordsTraces"/>). The gateway adds ASP.NET Core and the Prometheus endpoint on top.
/// </summary>
public static class UmsTelemetry
{
    public const string OrleansMeter = "Microsoft.Orleans";
    public static readonly string[] OrleansActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application"];

    /// <summary>Adds the providers once, however many callers ask (an embedded gateway is also a silo).</summary>
    public static OpenTelemetryBuilder AddUmsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(TelemetryOptions))) return services.AddOpenTelemetry();
        var options = TelemetryOptions.Read(configuration);
        services.AddSingleton(options);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics => metrics.AddMeter(UmsInstruments.Name, OrleansMeter).AddNpgsqlInstrumentation());
        if (options.RecordsTraces) telemetry.WithTracing(tracing => tracing.AddSource(UmsInstruments.Name).AddSource(OrleansActivitySources).AddNpgsql());
        if (options.OtlpEndpoint is { Length: > 0 } endpoint) telemetry.UseOtlpExporter(options.OtlpProtocol, new Uri(endpoint));
        return telemetry;
    }
}
