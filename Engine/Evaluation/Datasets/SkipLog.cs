namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// Collects the items a run skipped, from readers and encoders alike (thread-safe: encoders report from
/// their own tasks). The run goes on; the report lists every entry with its reason. A set read by two
/// directions (CTC, catalog) reports its skips twice; an identical entry is kept once.
/// </summary>
public sealed class SkipLog
{
    private readonly HashSet<SkippedItem> _items = [];

    public void Add(SkippedItem item)
    {
        lock (_items) _items.Add(item);
    }

    public int Count
    {
        get
        {
            lock (_items) return _items.Count;
        }
    }

    /// <summary>How many whole items of <paramref name="set"/> were dropped (image-only skips not counted).</summary>
    public int DroppedFrom(string set)
    {
        lock (_items) return _items.Count(s => s.Set == set && s.Scope == SkipScope.Item);
    }

    /// <summary>A copy, ordered by set then index, so reports are stable whatever order the skips arrived in.</summary>
    public IReadOnlyList<SkippedItem> Snapshot()
    {
        lock (_items)
        {
            return [.. _items.OrderBy(s => s.Set, StringComparer.Ordinal).ThenBy(s => s.Index)];
        }
    }
}
