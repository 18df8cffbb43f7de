using System.Diagnostics;

namespace UmsOrleans.Tests.Reliability;

/// <summary>Samples the process's working set every few milliseconds on its own thread and keeps the peak.</summary>
public sealed class WorkingSetProbe : IDisposable
{
    private readonly Thread _thread;
    private readonly long _baseline;
    private volatile bool _stop;
    private long _peak;

    private WorkingSetProbe()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        _baseline = Current();
        _peak = _baseline;
        _thread = new Thread(Sample) { IsBackground = true, Name = "working-set probe" };
        _thread.Start();
    }

    public static WorkingSetProbe Start() => new();

    /// <summary>How far above the starting working set the process went while the probe ran.</summary>
    public long StopAndReadPeakGrowth()
    {
        _stop = true;
        _thread.Join();
        _peak = Math.Max(_peak, Current());
        return _peak - _baseline;
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Sample()
    {
        while (!_stop)
        {
            _peak = Math.Max(_peak, Current());
            Thread.Sleep(2);
        }
    }

    private static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }
}
