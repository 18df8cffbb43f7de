namespace UmsOrleans.Engine.Ingestion;

/// <summary>What became of one product handed to <see cref="ProductWriter"/>.</summary>
public enum ProductWriteStatus
{
    /// <summary>The store committed it.</summary>
    Committed,

    /// <summary>Its input is at fault (a bad photo, vectors the collection cannot hold); nothing of it was written.</summary>
    Rejected,

    /// <summary>The model did not encode it (a timed-out or lost encoder call); it was not written, retry it.</summary>
    NotEncoded,

    /// <summary>It was built, but the store did not commit it; retry it.</summary>
    NotCommitted,
}

/// <summary>
/// One product's outcome: its status and, unless committed, the field at fault and why.
/// <see cref="OverBudget"/>: its shard refused it because the memory budget would be exceeded.
/// </summary>
public sealed record ProductWriteResult(string Id, ProductWriteStatus Status, IngestError? Error = null, bool OverBudget = false);
