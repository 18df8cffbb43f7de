
namespace UmsOrleans.Engine.Search;

/// <summary>
/// The bytes all shards of one process may hold for vectors (and their HNSW graphs, attribute columns and keyword
/// indexes). Shards reserve before they allocate a block or build a graph, so a
/// load that would not fit is refused with <see cref="MemoryBudgetExceededException"/> instead of the process
/// being killed by the OS. A limit of 0 means unlimited (reservations are still counted). Thread-safe.
/// </summary>
public sealed class MemoryBudget(long limitBytes)
{
    private long _reserved;

    public static MemoryBudget Unlimited => new(0);

    public long LimitBytes { get; } = limitBytes >= 0 ? limitBytes : throw new ArgumentOutOfRangeException(nameof(limitBytes));

    public long ReservedBytes => Interlocked.Read(ref _reserved);

    /// <summary>Reserves <paramref name="bytes"/> or throws without reserving anything.</summary>
    public void Reserve(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            var current = Interlocked.Read(ref _reserved);
            if (LimitBytes > 0 && current + bytes > LimitBytes) throw new MemoryBudgetExceededException(bytes, current, LimitBytes);
            if (Interlocked.CompareExchange(ref _reserved, current + bytes, current) == current) return;
        }
    }

    /// <summary>
    /// Counts <paramref name="bytes"/> without checking the limit: for memory already in use that a write which is
    /// durable already needed beyond its estimate. The next <see cref="Reserve"/> sees it.
    /// </summary>
    public void Charge(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _reserved, bytes);
    }

    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Interlocked.Add(ref _reserved, -bytes);
    }
}
