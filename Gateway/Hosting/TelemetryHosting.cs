using Microsoft.Extensions.Configuration.Memory;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using UmsOrleans.Grains.Hosting;

namespace UmsOrleans.Gateway.Hosting;

/// <summary>
/// The gateway's telemetry: the cluster's (<see cref="UmsTelemetry"/>) plus ASP.NET Core's metrics and spans,
/// Prometheus's <c>/metrics</c>, and quiet request logging.
/// </summary>
public static class TelemetryHosting
{
    public const string MetricsPath = "/metrics";

    // ASP.NET Core logs every request at Information (Hosting.Diagnostics: "Request starting/finished"; Routing:
    // "Executing/Executed endpoint"; Http.Result: "Writing value of type …"): 135 MB per 100k requests. Defaults
    // only: the first configuration source, so appsettings, environment and command line override them.
    private static readonly Dictionary<string, string?> LoggingDefaults = new()
    {
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
    };

    public static WebApplicationBuilder AddUmsTelemetry(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = LoggingDefaults });
        var telemetry = builder.Services.AddUmsTelemetry(builder.Configuration)
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation().AddPrometheusExporter());
        if (TelemetryOptions.Read(builder.Configuration).RecordsTraces)
        {
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !IsScrapeOrProbe(http.Request.Path)));
        }
        return builder;
    }

    /// <summary>
    /// Prometheus's scrape endpoint, under the API-key rules like every endpoint but <c>/healthz</c>: a GET, so a
    /// key of the search role reads it (metrics name collections, which an anonymous caller may not learn).
    /// </summary>
    public static WebApplication MapUmsMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsScrapeOrProbe(PathString path) => path.StartsWithSegments(MetricsPath) || path.StartsWithSegments("/healthz");
}
