using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Tests.Evaluation;

/// <summary>
/// One hand-worked case for both Product1M formulas. Gallery positions 0..5 hold the instances
/// a b a c b d (codes 0 1 0 2 1 3), so G_a = 2, G_b = 2, G_c = 1, G_d = 1. N = 1, 2 and 10 (10 &gt; gallery).
/// <code>
/// q0 = [a, a, b] (a repeated), m_q = G_a + G_b = 4, list 0 3 4 5 2 1 -> rel 1 0 1 0 1 1
///   AP@1  = (1/1) / min(4,1)                   = 1
///   AP@2  = (1/1) / min(4,2)                   = 1/2
///   AP@10 = (1/1 + 2/3 + 3/5 + 4/6) / min(4,10) = (44/15)/4 = 11/15
///   Prec@1 = 1, Prec@2 = 1/2, Prec@10 = 4/10
///   mAR: r_a = 2/3, r_b = 1/3
///     N=1:  a: round(0.667)=1, min(1,2)=1, RETR 1 -> 1;  b: round(0.333)=0 -> nothing expected -> 1;  mean 1
///     N=2:  a: round(1.333)=1 -> RETR 1 -> 1;  b: round(0.667)=1, RETR 0 -> 0;                       mean 1/2
///     N=10: a: min(round(6.667)=7, 2)=2, RETR 2 -> 1;  b: min(round(3.333)=3, 2)=2, RETR 2 -> 1;     mean 1
/// q1 = [c, d], m_q = 2, list 1 5 3 0 2 4 -> rel 0 1 1 0 0 0
///   AP@1 = 0;  AP@2 = (1/2)/2 = 1/4;  AP@10 = (1/2 + 2/3)/2 = 7/12
///   Prec@1 = 0, Prec@2 = 1/2, Prec@10 = 2/10
///   mAR: r_c = r_d = 1/2
///     N=1:  round_half_even(0.5) = 0 for both -> 1 each -> 1   (round-half-up would give 1 and RETR_c = 0 -> 1/2)
///     N=2:  round(1.0)=1: c RETR 0 -> 0, d RETR 1 -> 1 -> 1/2
///     N=10: min(round(5), 1) = 1: c 1, d 1 -> 1
/// q2 = [e], e not in the gallery: m_q = 0, left out of the UMS averages and counted.
/// UMS means over q0, q1: mAP@1 = 1/2, mAP@2 = 3/8, mAP@10 = (11/15 + 7/12)/2 = 79/120;
///   Prec 1/2, 1/2, 3/10; mAR 1, 1/2, 1; top-1 = (1 + 0)/2 = 1/2.
/// CAPTURE over all three queries, |positives| counting repeats: q0 = G_a + G_a + G_b = 6, q1 = 2, q2 = 0.
///   q0: n = min(N, 6, 6): N=1 -> 1/1 = 1; N=2 -> hits at rank 1 only -> 1/1 = 1; N=10 -> n = 6 -> (44/15)/4 = 11/15
///   q1: n = min(N, 2, 6): N=1 -> no hit -> 0; N=2 -> (1/2)/1 = 1/2; N=10 -> n = 2 -> 1/2
///   q2: n = 0 -> 0
///   capture mAP@1 = 1/3, @2 = (1 + 1/2)/3 = 1/2, @10 = (11/15 + 1/2)/3 = 37/90
/// </code>
/// </summary>
public sealed class Product1MMetricsTests
{
    private const double Tolerance = 1e-12;
    private static readonly int[] Gallery = [0, 1, 0, 2, 1, 3];
    private static readonly int[][] Queries = [[0, 0, 1], [2, 3], [4]];
    private static readonly int[][] Ranked = [[0, 3, 4, 5, 2, 1], [1, 5, 3, 0, 2, 4], [0, 1, 2, 3, 4, 5]];
    private static readonly int[] Ns = [1, 2, 10];

    [Fact]
    public void Ums_formula_matches_the_hand_computation()
    {
        var result = Product1MMetrics.Compute(Ranked, Queries, Gallery, Ns);

        Assert.Equal(["map@1", "map@2", "map@10"], result.MapAtN.Select(m => m.Name));
        Assert.Equal(0.5, result.MapAtN[0].Value, Tolerance);
        Assert.Equal(3.0 / 8, result.MapAtN[1].Value, Tolerance);
        Assert.Equal(79.0 / 120, result.MapAtN[2].Value, Tolerance);
        Assert.Equal(0.5, result.PrecisionAtN[0].Value, Tolerance);
        Assert.Equal(0.5, result.PrecisionAtN[1].Value, Tolerance);
        Assert.Equal(0.3, result.PrecisionAtN[2].Value, Tolerance);
        Assert.Equal(1.0, result.MarAtN[0].Value, Tolerance);
        Assert.Equal(0.5, result.MarAtN[1].Value, Tolerance);
        Assert.Equal(1.0, result.MarAtN[2].Value, Tolerance);
        Assert.Equal(0.5, result.Top1, Tolerance);
        Assert.Equal(2, result.Queries);
        Assert.Equal(1, result.QueriesWithoutRelevant);
    }

    [Fact]
    public void Capture_formula_counts_repeated_instances_twice_and_divides_by_hits()
    {
        var result = CaptureMetrics.MapAtN(Ranked, Queries, Gallery, Ns);

        Assert.Equal(["capture_map@1", "capture_map@2", "capture_map@10"], result.Select(m => m.Name));
        Assert.Equal(1.0 / 3, result[0].Value, Tolerance);
        Assert.Equal(0.5, result[1].Value, Tolerance);
        Assert.Equal(37.0 / 90, result[2].Value, Tolerance);
    }

    [Fact]
    public void A_list_shorter_than_n_is_refused_when_the_gallery_is_longer()
    {
        Assert.Throws<ArgumentException>(() => Product1MMetrics.Compute([[0, 3]], [[0]], Gallery, [10]));
    }
}
