using Microsoft.AspNetCore.Diagnostics;
using UmsOrleans.Contracts;

namespace UmsOrleans.Gateway.Api;

/// <summary>
/// Answers a single-product write that its shard did not acknowledge — a replica did not take it, or the shard did not
/// answer within the shard timeout (its silo may be down) — with 503 and why, instead of a bare 500: the write may be
/// committed, and sending it again is safe.
/// </summary>
public sealed class WriteNotAcknowledgedProblems : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (ReplicasBehindException or Grains.Cluster.ShardWriteTimeoutException)) return false;
        await Problems.Field(StatusCodes.Status503ServiceUnavailable, "The shard did not acknowledge the write.", new FieldError("$", exception.Message))
            .ExecuteAsync(httpContext);
        return true;
    }
}
