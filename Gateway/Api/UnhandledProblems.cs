using Microsoft.AspNetCore.Diagnostics;
using UmsOrleans.Engine.Search;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// The last exception handler: a shard that cannot load within the memory budget is a 507 naming the setting;
/// anything else is a 500 problem that says no more than that the server failed (its log has the exception).
/// </summary>
public sealed partial class UnhandledProblems(ILogger<UnhandledProblems> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (BudgetExceeded(exception) is { } budget)
        {
            await Problems.Field(StatusCodes.Status507InsufficientStorage, "A shard cannot load within the memory budget.",
                    new FieldError(MemoryBudgetExceededException.SettingName, budget.Message),
                    new Dictionary<string, object?> { ["setting"] = MemoryBudgetExceededException.SettingName })
                .ExecuteAsync(httpContext);
            return true;
        }
        // ASP.NET Core does not log exceptions that a handler answered.
        LogUnhandled(exception, httpContext.Request.Method, httpContext.Request.Path);
        await TypedResults.Problem(detail: "The server could not complete the request; its log has the details.",
                statusCode: StatusCodes.Status500InternalServerError, title: "An unexpected error occurred.")
            .ExecuteAsync(httpContext);
        return true;
    }

    private static MemoryBudgetExceededException? BudgetExceeded(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is MemoryBudgetExceededException budget) return budget;
        }
        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled failure answering {Method} {Path}")]
    private partial void LogUnhandled(Exception exception, string method, string path);
}
