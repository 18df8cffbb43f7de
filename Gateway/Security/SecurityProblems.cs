using UmsOrleans.Gateway.Api;

namespace UmsOrleans.Gateway.Security;

/// <summary>
/// Problem bodies written outside the endpoints (authentication, rate limiting, content type), in the shape
/// of <see cref="Problems"/>. They name the header at fault and never repeat what the client sent in it.
/// </summary>
public static class SecurityProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string title, string field, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = $"{field}: {detail}",
                Extensions = { ["field"] = field, ["errors"] = new[] { new FieldError(field, detail) } },
            },
        });
    }
}
