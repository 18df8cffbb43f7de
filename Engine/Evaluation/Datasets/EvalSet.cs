namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// A named list of items read lazily from disk, each time it is enumerated, so a 60k-image run never holds
/// the list's images (or even all its rows) in memory. Readers report skips to the log as they stream.
/// </summary>
public sealed class EvalSet(string name, Func<SkipLog, IEnumerable<EvalItem>> read)
{
    public string Name { get; } = name;

    private readonly Lazy<long> _count = new(() => read(new SkipLog()).LongCount());

    public IEnumerable<EvalItem> Read(SkipLog skips) => read(skips);

    /// <summary>Items the set yields (a first pass over its list, made once however many directions use the set).</summary>
    public long Count => _count.Value;
}
