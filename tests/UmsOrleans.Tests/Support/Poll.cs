namespace UmsOrleans.Tests.Support;

/// <summary>
/// Waits for a condition held by something a test cannot await: a run inside a silo that only answers status
/// questions, a server in another process. It asks again every <c>interval</c> until the condition holds and
/// fails after <c>timeout</c>: a bounded wait for a condition, never a fixed sleep standing in for one.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>The first answer of <paramref name="probe"/> that satisfies <paramref name="done"/>.</summary>
    /// <param name="describe">What the last answer says, for the timeout message.</param>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, Func<T, string> describe, TimeSpan? interval = null)
    {
        using var limit = new CancellationTokenSource(timeout);
        while (true)
        {
            var answer = await probe();
            if (done(answer)) return answer;
            try
            {
                await Task.Delay(interval ?? DefaultInterval, limit.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                throw new TimeoutException($"the condition did not hold within {timeout}; last: {describe(answer)}");
            }
        }
    }
}
