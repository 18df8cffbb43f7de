using System.Diagnostics;

namespace UmsOrleans.Bench.Load;

/// <summary>
/// A closed-loop load: <c>clients</c> workers each send a request, wait for the answer, and send the next,
/// until <c>maxRequests</c> were sent in total or <c>duration</c> passed, whichever first. Latency per request.
/// </summary>
public static class ClosedLoop
{
    public sealed record Result(int Clients, int Requests, int Failures, double Seconds, double QueriesPerSecond, double P50Ms, double P99Ms);

    public static async Task<Result> RunAsync(int clients, int maxRequests, TimeSpan duration, Func<int, Task<bool>> request)
    {
        var latencies = new List<double>[clients];
        var sent = 0;
        var failures = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = latencies[client] = [];
            while (stopwatch.Elapsed < duration)
            {
                var n = Interlocked.Increment(ref sent);
                if (n > maxRequests) break;
                var start = Stopwatch.GetTimestamp();
                var ok = await request(n);
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                if (!ok) Interlocked.Increment(ref failures);
            }
        }));
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new Result(clients, all.Length, failures, seconds, all.Length / seconds, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
