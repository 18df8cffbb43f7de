using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Tests.Evaluation;

public sealed class MetricValueTests
{
    [Theory]
    [InlineData("recall@1", 0.93678, "93.68")]
    [InlineData("t2i_r@10", 1.0, "100.00")]
    [InlineData("t2i_mean_rank", 3.5, "3.50")] // a rank, not a fraction: the CLI and console showed it as 350.00
    public void Fractions_show_as_percentages_and_mean_ranks_as_ranks(string name, double value, string shown) =>
        Assert.Equal(shown, MetricValue.Display(name, value));
}
