using Microsoft.AspNetCore.Diagnostics;
using UmsOrleans.Contracts;
using UmsOrleans.Grains.Mapping;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Answers a request that failed because the catalog store did (down, unreachable, refusing connections)
/// with 503 and the store's message, instead of a bare 500: the client may retry once the store is back.
/// </summary>
public sealed class StoreFailureProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (MessageOf(exception) is not { } message) return false;
        await Problems.Field(StatusCodes.Status503ServiceUnavailable, "The catalog store is unavailable.", new FieldError("$", message))
            .ExecuteAsync(httpContext);
        return true;
    }

    /// <summary>What to tell the client about a store failure; null when <paramref name="exception"/> is not one.</summary>
    public static string? MessageOf(Exception exception) => exception switch
    {
        CatalogStoreUnavailableException unavailable => unavailable.Message,
        // The embedded gateway also calls the store itself (outside any grain call).
        _ when WireMapping.StoreFailureOf(exception) is { } storeFailure => new CatalogStoreUnavailableException(storeFailure.Message).Message,
        _ => null,
    };
}
