namespace UmsOrleans.Contracts;

/// <summary>
/// A shard refused to grow because the silo's memory budget (<c>Ums:Memory:BudgetBytes</c>) would be exceeded.
/// Thrown before anything is written, so the refused products are neither stored nor held.
/// </summary>
[GenerateSerializer, Alias("ums.MemoryBudgetExceededException")]
public sealed class MemoryBudgetExceededException(long requestedBytes, long reservedBytes, long budgetBytes)
    : Exception($"the shard needs {requestedBytes:N0} more bytes but {reservedBytes:N0} of the {budgetBytes:N0}-byte memory budget are in use; raise {SettingName} or add silos/shards.")
{
    public const string SettingName = "Ums:Memory:BudgetBytes";

    [Id(0)] public long RequestedBytes { get; } = requestedBytes;

    [Id(1)] public long ReservedBytes { get; } = reservedBytes;

    [Id(2)] public long BudgetBytes { get; } = budgetBytes;
}
