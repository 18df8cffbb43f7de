namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// The outcome of writing one product: committed, or the reason it was not. <see cref="OverBudget"/>: its shard
/// refused it because the memory budget (<c>Ums:Memory:BudgetBytes</c>) would be exceeded.
/// </summary>
public sealed record ItemWriteResult(string Id, bool Committed, string? Error, bool OverBudget = false);
