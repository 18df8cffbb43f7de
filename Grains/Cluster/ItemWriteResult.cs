namespace UmsOrleans.Cluster;

/// <summary>The outcome of writing one product: committed, or the reason it was not.</summary>
public sealed record ItemWriteResult(string Id, bool Committed, string? Error);
