using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using UmsOrleans.Gateway.Api;
using Microsoft.Extensions.Options;
using UmsOrleans.Hosting;
using UmsOrleans.Ingestion;

namespace UmsOrleans.Gateway.Hosting;

public static class GatewayHostingExtensions
{
    /// <summary>
    /// The gateway's services. <c>Ums:Gateway:Mode</c> = <c>Embedded</c> (default: a silo in this process,
    /// localhost clustering, SQLite under <c>Ums:Catalog:DataDirectory</c>) or <c>Client</c> (joins a cluster).
    /// </summary>
    public static WebApplicationBuilder AddUmsGateway(this WebApplicationBuilder builder)
    {
        var mode = builder.Configuration.GetValue("Ums:Gateway:Mode", GatewayMode.Embedded);
        if (mode == GatewayMode.Embedded)
        {
            builder.UseOrleans(silo => silo.AddUmsSilo(builder.Configuration));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseUmsCluster(builder.Configuration));
        }
        builder.Services.AddUmsClusterCatalog(builder.Configuration);
        builder.Services.AddOptions<RequestLimits>().Bind(builder.Configuration.GetSection(RequestLimits.Section)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.Configure<EvaluationOptions>(builder.Configuration.GetSection(EvaluationOptions.Section));
        builder.Services.AddOptions<IngestOptions>().Bind(builder.Configuration.GetSection(IngestOptions.Section));
        builder.Services.AddSingleton(sp => new DataRoot(sp.GetRequiredService<IOptions<IngestOptions>>().Value.DataRoot is { Length: > 0 } root
            ? root
            : builder.Configuration.GetValue("Ums:Catalog:DataDirectory", new CatalogOptions().DataDirectory)!));
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
