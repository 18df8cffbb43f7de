using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Tests.Evaluation;

public sealed class OrderedPipelineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Results_come_in_input_order_with_at_most_the_allowed_steps_in_flight()
    {
        const int inputs = 10;
        const int window = 3;
        var started = Enumerable.Range(0, inputs).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var gates = Enumerable.Range(0, inputs).Select(_ => new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var inFlight = 0;
        var maxInFlight = 0;
        Task<int> Step(int x)
        {
            // In flight from its start until the test releases it.
            var now = Interlocked.Increment(ref inFlight);
            lock (started) maxInFlight = Math.Max(maxInFlight, now);
            started[x].SetResult();
            return gates[x].Task;
        }
        void Release(int x)
        {
            Interlocked.Decrement(ref inFlight);
            gates[x].SetResult(x * x);
        }

        var results = new List<(int, int)>();
        var consumer = Task.Run(async () =>
        {
            await foreach (var pair in OrderedPipeline.RunAsync(Enumerable.Range(0, inputs), Step, inFlight: window))
            {
                lock (results) results.Add(pair);
            }
        });

        // Window by window: the pipeline starts `window` steps and no more until the oldest is done. The test
        // finishes each window's steps last first, so completion order is the reverse of input order, and
        // nothing of a window may come out before its first step is done.
        for (var first = 0; first < inputs; first += window)
        {
            var members = Enumerable.Range(first, Math.Min(window, inputs - first)).ToList();
            await Task.WhenAll(members.Select(x => started[x].Task)).WaitAsync(Deadline);
            if (first + window < inputs) Assert.False(started[first + window].Task.IsCompleted, $"step {first + window} started while {first} was running");
            foreach (var x in Enumerable.Reverse(members).SkipLast(1)) Release(x);
            lock (results) Assert.DoesNotContain(results, r => r.Item1 >= first);
            Release(first);
        }
        await consumer.WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(0, inputs).Select(x => (x, x * x)), results);
        Assert.Equal(window, maxInFlight);
    }

    [Fact]
    public async Task A_failed_step_surfaces_in_order_and_stops_the_stream()
    {
        var seen = new List<int>();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var (input, _) in OrderedPipeline.RunAsync(Enumerable.Range(0, 10), x => x == 4 ? Task.FromException<int>(new InvalidOperationException("bad 4")) : Task.FromResult(x), inFlight: 2))
            {
                seen.Add(input);
            }
        });
        Assert.Equal("bad 4", error.Message);
        Assert.Equal([0, 1, 2, 3], seen);
    }
}
