namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>A metric's raw value beside its value through an adapter; either may be missing (a direction only one pass ran).</summary>
public sealed record MetricPair(string Name, double? Raw, double? Adapted);

/// <summary>
/// Pairs a run's metrics for side-by-side reports: <c>adapted.NAME</c> goes beside <c>NAME</c>. Raw metrics keep
/// their order; adapted metrics with no raw counterpart follow, in their own order.
/// </summary>
public static class MetricPairs
{
    public const string AdaptedPrefix = "adapted.";

    public static bool HasAdapted(IEnumerable<string> names) => names.Any(n => n.StartsWith(AdaptedPrefix, StringComparison.Ordinal));

    public static IReadOnlyList<MetricPair> Of(IEnumerable<KeyValuePair<string, double>> metrics)
    {
        var list = metrics.ToList();
        var adapted = list.Where(m => m.Key.StartsWith(AdaptedPrefix, StringComparison.Ordinal))
            .ToDictionary(m => m.Key[AdaptedPrefix.Length..], m => m.Value, StringComparer.Ordinal);
        var raw = list.Where(m => !m.Key.StartsWith(AdaptedPrefix, StringComparison.Ordinal)).ToList();
        var rawNames = raw.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. raw.Select(m => new MetricPair(m.Key, m.Value, adapted.TryGetValue(m.Key, out var value) ? value : null)),
            .. adapted.Where(a => !rawNames.Contains(a.Key)).Select(a => new MetricPair(a.Key, null, a.Value)),
        ];
    }
}
