using Microsoft.AspNetCore.Http.HttpResults;

namespace UmsOrleans.Gateway.Api;

/// <summary>RFC 9457 problem bodies that always name the offending field.</summary>
public static class Problems
{
    public static ProblemHttpResult BadRequest(FieldError error) => Field(StatusCodes.Status400BadRequest, "The request is invalid.", error);

    public static ProblemHttpResult NotFound(string field, string detail) => Field(StatusCodes.Status404NotFound, "Not found.", new FieldError(field, detail));

    public static ProblemHttpResult TooLarge(string field, string detail) => Field(StatusCodes.Status413PayloadTooLarge, "The request is too large.", new FieldError(field, detail));

    public static ProblemHttpResult Conflict(string field, string detail) => Field(StatusCodes.Status409Conflict, "Conflict.", new FieldError(field, detail));

    public static ProblemHttpResult Field(int status, string title, FieldError error, IDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["field"] = error.Field,
            ["errors"] = new[] { error },
        };
        foreach (var (key, value) in more ?? new Dictionary<string, object?>()) extensions[key] = value;
        return TypedResults.Problem(detail: $"{error.Field}: {error.Message}", statusCode: status, title: title, extensions: extensions);
    }
}
