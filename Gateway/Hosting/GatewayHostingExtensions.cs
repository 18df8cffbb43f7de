using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using UmsOrleans.Gateway.Api;
using Microsoft.Extensions.Options;
using UmsOrleans.Grains.Hosting;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>The gateway's services: the cluster (<see cref="UmsClusterHosting.AddUmsCluster"/>) and the HTTP API's own.</summary>
    public static WebApplicationBuilder AddUmsGateway(this WebApplicationBuilder builder)
    {
        builder.AddUmsCluster();
        builder.Services.AddOptions<RequestLimits>().Bind(builder.Configuration.GetSection(RequestLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<EvaluationOptions>(builder.Configuration.GetSection(EvaluationOptions.Section));
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section));
        builder.Services.AddSingleton(sp => new DataRoot(sp.GetRequiredService<IOptions<IngestOptions>>().Value.DataRoot is { Length: > 0 } root
            ? root
            : UmsClusterHosting.DataDirectory(builder.Configuration)));
        builder.Services.AddSingleton<UmsOrleans.Gateway.Ingestion.IngestJobs>();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster");
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);
        var maxBytes = builder.Configuration.GetValue(RequestLimits.Section + ":MaxRequestBytes", new RequestLimits().MaxRequestBytes);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = maxBytes);
        return builder;
    }

    public static WebApplication MapUmsGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapUmsConsole();
        app.MapOpenApi();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapCollectionsApi();
        app.MapProductsApi();
        app.MapSearchApi();
        app.MapEvaluationsApi();
        app.MapIngestionsApi();
        return app;
    }
}
