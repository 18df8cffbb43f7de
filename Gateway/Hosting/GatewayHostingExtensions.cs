using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Gateway.Api;
using UmsOrleans.Gateway.Ingestion;
using UmsOrleans.Gateway.Security;

namespace UmsOrleans.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>
    /// The gateway's services: the cluster (<see cref="UmsClusterHosting.AddUmsCluster"/>) and the HTTP API's
    /// own. Every option section is validated when the host starts, so a wrong setting stops it with a message
    /// naming the setting; the paths the API reads and writes are resolved once, from the validated options.
    /// </summary>
    public static WebApplicationBuilder AddUmsGateway(this WebApplicationBuilder builder)
    {
        builder.AddUmsTelemetry();
        builder.AddUmsCluster();
        builder.AddUmsSecurity();
        builder.AddUmsSnapshots();
        builder.Services.AddOptions<RequestLimits>().Bind(builder.Configuration.GetSection(RequestLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<EvaluationOptions>().Bind(builder.Configuration.GetSection(EvaluationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var dataDirectory = UmsClusterHosting.DataDirectory(builder.Configuration);
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<IngestOptions>>().Value.ResolveDataRoot(dataDirectory));
        builder.Services.AddSingleton(sp => EvaluationPaths.Resolve(
            sp.GetRequiredService<IOptions<EvaluationOptions>>().Value, sp.GetRequiredService<DataRoot>(), dataDirectory));
        builder.Services.AddSingleton<IngestJobs>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<StoreFailureProblems>();
        builder.Services.AddExceptionHandler<WriteNotAcknowledgedProblems>();
        builder.Services.AddExceptionHandler<UnhandledProblems>();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<RequestLimits>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes);
        return builder;
    }

    public static WebApplication MapUmsGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapUmsConsole();
        app.UseUmsSecurity();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous().DisableRateLimiting();
        app.MapUmsMetrics();
        app.MapCollectionsApi();
        app.MapClusterApi();
        app.MapAdaptersApi();
        app.MapProductsApi();
        app.MapSearchApi();
        app.MapEvaluationsApi();
        app.MapIngestionsApi();
        app.MapSnapshotsApi();
        return app;
    }
}
