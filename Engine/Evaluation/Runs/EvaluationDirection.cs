using System.Collections.Immutable;
using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>The labels a direction's metrics see: per query and per gallery position, in search order.</summary>
public sealed record MetricInputs(
    IReadOnlyList<int[]> Ranked,
    IReadOnlyList<ImmutableArray<string>> QueryLabels,
    IReadOnlyList<ImmutableArray<string>> GalleryLabels);

/// <summary>A direction's metrics and how many queries had no relevant gallery item (left out or counted as misses, per metric).</summary>
public sealed record DirectionMetrics(IReadOnlyList<MetricValue> Metrics, int QueriesWithoutRelevant);

/// <summary>
/// One search direction of a run: which set is loaded as the gallery (and which halves of its items),
/// which set queries it (null = the gallery itself, leave-one-out), how deep to search and which metrics
/// to compute from the ranked lists. CTC has two directions; the other layouts one. With
/// <see cref="ProductsByLabel"/> the gallery is loaded as products: all items of one label become one product with
/// several photos, ranked by its best one, so the metrics see one gallery position per product.
/// </summary>
public sealed record EvaluationDirection(
    string Name,
    EvalSet Gallery,
    Halves GalleryHalves,
    EvalSet? Queries,
    Halves QueryHalves,
    Func<int, int, int> SearchDepth,
    Func<MetricInputs, DirectionMetrics> Metrics,
    bool ProductsByLabel = false)
{
    public bool LeaveOneOut => Queries is null;
}
