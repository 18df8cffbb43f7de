namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// Runs an async step over a stream of batches with up to <c>inFlight</c> batches at once (so a batch
/// can be spread over several encoder grains while the next ones are already on their way) and yields the
/// results in input order. At most <c>inFlight</c> batches are held, whatever the stream's length.
/// </summary>
public static class OrderedPipeline
{
    public static async IAsyncEnumerable<(TIn Input, TOut Output)> RunAsync<TIn, TOut>(
        IEnumerable<TIn> inputs,
        Func<TIn, Task<TOut>> step,
        int inFlight,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        var pending = new Queue<(TIn Input, Task<TOut> Output)>();
        try
        {
            foreach (var input in inputs)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pending.Enqueue((input, step(input)));
                if (pending.Count < inFlight) continue;
                var (head, task) = pending.Dequeue();
                yield return (head, await task);
            }
            while (pending.Count > 0)
            {
                var (head, task) = pending.Dequeue();
                yield return (head, await task);
            }
        }
        finally
        {
            // Abandoned (failure or cancel): let the steps already started finish before the caller moves on.
            foreach (var (_, task) in pending)
            {
                try
                {
                    await task;
                }
                catch (Exception)
                {
                    // The first failure is the one the caller sees; later ones add nothing.
                }
            }
        }
    }
}
