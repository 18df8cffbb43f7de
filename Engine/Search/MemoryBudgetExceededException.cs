namespace UmsOrleans.Engine.Search;

/// <summary>
/// A shard refused to grow because the silo's memory budget (<c>Ums:Memory:BudgetBytes</c>) would be exceeded.
/// Thrown before anything is written, so the refused products are neither stored nor held.
/// </summary>
public sealed class MemoryBudgetExceededException(long requestedBytes, long reservedBytes, long budgetBytes)
    : Exception($"the shard needs {requestedBytes:N0} more bytes but {reservedBytes:N0} of the {budgetBytes:N0}-byte memory budget are in use; raise {SettingName} or add silos/shards.")
{
    public const string SettingName = "Ums:Memory:BudgetBytes";

    public long RequestedBytes { get; } = requestedBytes;

    public long ReservedBytes { get; } = reservedBytes;

    public long BudgetBytes { get; } = budgetBytes;
}
