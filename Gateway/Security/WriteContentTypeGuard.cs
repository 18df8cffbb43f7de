using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// Answers 415 to a write (POST, PUT, PATCH, DELETE) whose body is not of a type the endpoint accepts
/// (its <c>Accepts</c> metadata, else <c>application/json</c>). A browser sends a cross-site form post without a
/// preflight only as text/plain, form-urlencoded or multipart, so such a post cannot write; multipart stays
/// where an endpoint takes uploads. A write with neither body nor Content-Type (a cancel) passes.
/// </summary>
public sealed class WriteContentTypeGuard(RequestDelegate next)
{
    private static readonly string[] JsonOnly = ["application/json"];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsWrite(request.Method)) return next(context);
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
        if (!hasBody && string.IsNullOrEmpty(request.ContentType)) return next(context);
        var accepted = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>() is { ContentTypes.Count: > 0 } accepts
            ? accepts.ContentTypes
            : JsonOnly;
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var sent)
            && accepted.Any(type => MediaTypeHeaderValue.TryParse(type, out var allowed) && sent.IsSubsetOf(allowed)))
        {
            return next(context);
        }
        var what = string.IsNullOrEmpty(request.ContentType) ? "no Content-Type was sent" : $"'{sent?.MediaType ?? "?"}' is not accepted";
        return SecurityProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.", "Content-Type",
            $"{what}; send {string.Join(" or ", accepted)}.");
    }

    private static bool IsWrite(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);
}
