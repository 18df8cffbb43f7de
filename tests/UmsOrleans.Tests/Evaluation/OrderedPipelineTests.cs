using UmsOrleans.Engine.Evaluation.Runs;

namespace UmsOrleans.Tests.Evaluation;

public sealed class OrderedPipelineTests
{
    [Fact]
    public async Task Results_come_in_input_order_with_at_most_the_allowed_steps_in_flight()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var started = new List<int>();
        async Task<int> Step(int x)
        {
            var now = Interlocked.Increment(ref inFlight);
            lock (started)
            {
                started.Add(x);
                maxInFlight = Math.Max(maxInFlight, now);
            }
            // Later inputs finish sooner: order must come from the pipeline, not from completion.
            await Task.Delay(TimeSpan.FromMilliseconds((10 - x) * 3));
            Interlocked.Decrement(ref inFlight);
            return x * x;
        }

        var results = new List<(int, int)>();
        await foreach (var pair in OrderedPipeline.RunAsync(Enumerable.Range(0, 10), Step, inFlight: 3)) results.Add(pair);

        Assert.Equal(Enumerable.Range(0, 10).Select(x => (x, x * x)), results);
        Assert.InRange(maxInFlight, 2, 3);
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
