namespace UmsOrleans.Tests.Evaluation;

/// <summary>A clock the test moves by hand (timestamps in ticks).</summary>
internal sealed class ManualTimeProvider : TimeProvider
{
    private long _ticks = 1_000;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
