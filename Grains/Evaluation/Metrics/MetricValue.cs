namespace UmsOrleans.Evaluation.Metrics;

/// <summary>One named number of a run, as a fraction in [0, 1] (reports show percentages), e.g. <c>recall@1</c>.</summary>
public sealed record MetricValue(string Name, double Value);
