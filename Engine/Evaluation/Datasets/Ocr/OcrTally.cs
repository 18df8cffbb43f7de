namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>What the OCR files gave each image of each set. Keyed by item index, so reading a set twice counts it once.</summary>
public sealed class OcrTally
{
    public enum Outcome
    {
        WithText = 0,
        EmptyFile = 1,
        WithoutFile = 2,
        Dropped = 3,
    }

    private readonly Dictionary<string, Dictionary<int, Outcome>> _sets = new(StringComparer.Ordinal);

    public void Record(string set, int index, Outcome outcome)
    {
        lock (_sets)
        {
            if (!_sets.TryGetValue(set, out var items)) _sets[set] = items = [];
            items[index] = outcome;
        }
    }

    public long Count(string set, Outcome outcome)
    {
        lock (_sets) return _sets.TryGetValue(set, out var items) ? items.Values.LongCount(o => o == outcome) : 0;
    }

    /// <summary>The report's counts: <c>ocr.&lt;set&gt;.images_with_text</c>, <c>…images_with_empty_file</c>, <c>…images_without_file</c>, <c>…dropped_unparsable</c>.</summary>
    public IEnumerable<KeyValuePair<string, long>> Counts()
    {
        string[] sets;
        lock (_sets) sets = [.. _sets.Keys.Order(StringComparer.Ordinal)];
        foreach (var set in sets)
        {
            yield return new($"ocr.{set}.images_with_text", Count(set, Outcome.WithText));
            yield return new($"ocr.{set}.images_with_empty_file", Count(set, Outcome.EmptyFile));
            yield return new($"ocr.{set}.images_without_file", Count(set, Outcome.WithoutFile));
            yield return new($"ocr.{set}.dropped_unparsable", Count(set, Outcome.Dropped));
        }
    }
}
