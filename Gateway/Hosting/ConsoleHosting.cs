using Microsoft.Extensions.FileProviders;

namespace UmsOrleans.Gateway.Hosting;

/// <summary>Serves the web console (static files embedded in this assembly) under <c>/console/</c>.</summary>
public static class ConsoleHosting
{
    public static WebApplication MapUmsConsole(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ConsoleHosting).Assembly, "Console");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/console" });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/console" });
        app.MapGet("/", () => Results.Redirect("/console/")).ExcludeFromDescription();
        return app;
    }
}
