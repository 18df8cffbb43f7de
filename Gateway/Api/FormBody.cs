using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace UmsOrleans.Gateway.Api;

/// <summary>Reads a multipart/form-data body under the request size limit; JSON-valued fields are parsed with the API's JSON rules.</summary>
public static class FormBody
{
    public static async Task<(IFormCollection? Form, ProblemHttpResult? Error)> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge("$", $"the body has {request.ContentLength} bytes; the limit is {maxBytes}."));
        }
        try
        {
            return (await request.ReadFormAsync(cancellationToken), null);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge("$", $"the body is larger than the limit of {maxBytes} bytes."));
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or BadHttpRequestException)
        {
            return (null, Problems.BadRequest(new FieldError("$", $"the multipart form cannot be read: {exception.Message}")));
        }
    }

    /// <summary>A text field, or null when absent or empty.</summary>
    public static string? Text(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;

    /// <summary>A field holding JSON (e.g. <c>attributes</c>, <c>weights</c>), or an error naming it.</summary>
    public static (T? Value, FieldError? Error) Json<T>(IFormCollection form, string name) where T : class
    {
        if (Text(form, name) is not { } json) return (null, null);
        try
        {
            return (JsonSerializer.Deserialize<T>(json, JsonBody.Options), null);
        }
        catch (JsonException exception)
        {
            return (null, new FieldError(name, $"must be JSON of the right shape: {(string.IsNullOrEmpty(exception.Path) ? "" : exception.Path + " ")}{JsonErrors.Describe(exception)}"));
        }
    }
}
