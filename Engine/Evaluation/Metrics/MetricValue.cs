using System.Globalization;

namespace UmsOrleans.Engine.Evaluation.Metrics;

/// <summary>
/// One named number of a run, e.g. <c>recall@1</c>: a fraction in [0, 1] that reports show as a percentage,
/// except mean ranks (<c>*_mean_rank</c>), which are ranks.
/// </summary>
public sealed record MetricValue(string Name, double Value)
{
    public static bool IsRank(string name) => name.EndsWith("mean_rank", StringComparison.Ordinal);

    /// <summary>How every report shows the metric: percent with two decimals, or the rank itself.</summary>
    public static string Display(string name, double value) =>
        (IsRank(name) ? value : 100 * value).ToString("0.00", CultureInfo.InvariantCulture);
}
