using Microsoft.Extensions.FileProviders;
using UmsOrleans.Gateway.Security;

namespace UmsOrleans.Gateway.Hosting;

/// <summary>
/// Serves the web console (static files embedded in this assembly) under <c>/console/</c>, before any API key is
/// asked for: the page itself asks for one when the API answers 401.
/// </summary>
public static class ConsoleHosting
{
    public static WebApplication MapUmsConsole(this WebApplication app)
    {
        var files = new ManifestEmbeddedFileProvider(typeof(ConsoleHosting).Assembly, "Console");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = "/console" });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/console", OnPrepareResponse = file => ConsoleSecurityHeaders.Apply(file.Context.Response) });
        app.MapGet("/", () => Results.Redirect("/console/")).ExcludeFromDescription().AllowAnonymous();
        return app;
    }
}
