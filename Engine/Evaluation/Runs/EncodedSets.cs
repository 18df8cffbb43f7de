using System.Collections.Immutable;
using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>One set's encoded rows (spooled to disk) with each row's labels, in encoding order.</summary>
internal sealed class EncodedSet(int width) : IDisposable
{
    public VectorSpool Vectors { get; } = new(width);

    public List<ImmutableArray<string>> Labels { get; } = [];

    /// <summary>Each row's first label (the one gallery counts are kept by).</summary>
    public List<string> PrimaryLabels { get; } = [];

    public int Rows => Vectors.Rows;

    public void Add(EvalItem item, float[] row)
    {
        Vectors.Append(row);
        Labels.Add(item.Labels);
        PrimaryLabels.Add(item.Label);
    }

    public void Dispose() => Vectors.Dispose();
}

/// <summary>
/// The sets a run has encoded, by set name and halves, so a set two directions use the same way is encoded
/// once; and the feature-dump names given out, so two dumps of one set with different halves do not overwrite
/// each other's item lists.
/// </summary>
internal sealed class EncodedSets : IDisposable
{
    private readonly Dictionary<(string Set, Halves Halves), EncodedSet> _sets = [];
    private readonly HashSet<string> _dumpPrefixes = new(StringComparer.Ordinal);

    public EncodedSet? Find(string set, Halves halves) => _sets.GetValueOrDefault((set, halves));

    public EncodedSet Add(string set, Halves halves, int width)
    {
        var encoded = new EncodedSet(width);
        _sets.Add((set, halves), encoded);
        return encoded;
    }

    /// <summary><paramref name="prefix"/>, or prefix_halves when a dump of the same set (other halves) took it.</summary>
    public string DumpPrefix(string prefix, Halves halves) =>
        _dumpPrefixes.Add(prefix) ? prefix : $"{prefix}_{halves.ToString().ToLowerInvariant()}";

    public void Dispose()
    {
        foreach (var set in _sets.Values) set.Dispose();
    }
}
