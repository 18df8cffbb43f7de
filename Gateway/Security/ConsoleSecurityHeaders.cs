namespace UmsOrleans.Gateway.Security;

/// <summary>
/// Headers on the console's files: no script but the console's own file (it has no inline script or style),
/// images from the gateway or the blob URLs it makes for thumbnails and photo previews, and no framing.
/// </summary>
public static class ConsoleSecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XFrameOptions = "DENY";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
