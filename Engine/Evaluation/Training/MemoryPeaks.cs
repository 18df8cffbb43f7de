namespace UmsOrleans.Engine.Evaluation.Training;

/// <summary>
/// The highest managed heap size and process working set seen while it is alive, sampled on a timer (.NET
/// keeps no managed peak of its own; the sample interval bounds what a short spike can hide).
/// </summary>
public sealed class MemoryPeaks : IDisposable
{
    private readonly Timer _timer;
    private long _managed;
    private long _process;

    public MemoryPeaks(TimeSpan interval)
    {
        Sample(null);
        _timer = new Timer(Sample, null, interval, interval);
    }

    public long ManagedBytes => Interlocked.Read(ref _managed);

    public long ProcessBytes => Interlocked.Read(ref _process);

    private void Sample(object? _)
    {
        Raise(ref _managed, GC.GetTotalMemory(forceFullCollection: false));
        Raise(ref _process, Environment.WorkingSet);
    }

    private static void Raise(ref long peak, long value)
    {
        var seen = Interlocked.Read(ref peak);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref peak, value, seen);
            if (previous == seen) return;
            seen = previous;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Sample(null);
    }
}
