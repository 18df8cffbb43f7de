namespace UmsOrleans.Gateway.Api;

/// <summary>RFC 9457 problem bodies that always name the offending field.</summary>
public static class Problems
{
    public static IResult BadRequest(FieldError error) => Field(StatusCodes.Status400BadRequest, "The request is invalid.", error);

    public static IResult NotFound(string field, string detail) => Field(StatusCodes.Status404NotFound, "Not found.", new FieldError(field, detail));

    public static IResult TooLarge(string field, string detail) => Field(StatusCodes.Status413PayloadTooLarge, "The request is too large.", new FieldError(field, detail));

    public static IResult Conflict(string field, string detail) => Field(StatusCodes.Status409Conflict, "Conflict.", new FieldError(field, detail));

    public static IResult Field(int status, string title, FieldError error, IDictionary<string, object?>? more = null)
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
