using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Reports;

/// <summary>One published number, in percent, under our metric name (see the metric classes).</summary>
public sealed record PublishedResult(EvalLayout Layout, string Method, string Metric, double Percent);

/// <summary>
/// The numbers our runs are compared with: the UMS authors' published results (ViT-Base, 224 px) and the
/// earlier baselines they quote beside them.
/// Product1M mAP@N uses the UMS formula (<c>map@N</c>); CTC numbers are image→text (<c>i2t_</c>) and
/// text→image (<c>t2i_</c>). "CAPTURE" below is a model of the baseline table, not the CAPTURE metric formula.
/// </summary>
public static class PublishedResults
{
    public const string Source = "EVAL_SPEC.md, \"Published reference results (UMS, ViT-Base, 224 px)\" and \"Earlier baselines quoted by the same authors\"";
    public const string Ums = "UMS (ViT-B, 224 px)";

    public static IReadOnlyList<PublishedResult> All { get; } =
    [
        new(EvalLayout.Sop, Ums, "recall@1", 88.72),
        new(EvalLayout.Sop, "ROADMAP", "recall@1", 86.0),
        new(EvalLayout.Sop, "ViT-B + rank loss", "recall@1", 87.1),

        new(EvalLayout.InShop, Ums, "recall@1", 94.70),
        new(EvalLayout.InShop, "ROADMAP", "recall@1", 91.9),
        new(EvalLayout.InShop, "ViT-B + rank loss", "recall@1", 93.6),

        .. Triple(EvalLayout.Product1M, Ums, "map@10", "map@50", "map@100", 85.68, 83.10, 81.13),
        .. Triple(EvalLayout.Product1M, "CLIP", "map@10", "map@50", "map@100", 70.25, 69.28, 67.30),
        .. Triple(EvalLayout.Product1M, "UNITER", "map@10", "map@50", "map@100", 74.69, 71.02, 70.93),
        .. Triple(EvalLayout.Product1M, "CAPTURE", "map@10", "map@50", "map@100", 79.36, 74.79, 74.63),

        .. Triple(EvalLayout.Ctc, Ums, "i2t_r@1", "i2t_r@5", "i2t_r@10", 64.90, 88.20, 93.90),
        .. Triple(EvalLayout.Ctc, Ums, "t2i_r@1", "t2i_r@5", "t2i_r@10", 49.24, 77.08, 86.18),
        .. Triple(EvalLayout.Ctc, "STARNet", "i2t_r@1", "i2t_r@5", "i2t_r@10", 44.1, 74.8, 82.7),
        .. Triple(EvalLayout.Ctc, "STARNet", "t2i_r@1", "t2i_r@5", "t2i_r@10", 31.5, 60.8, 72.4),
        .. Triple(EvalLayout.Ctc, "ViSTA-S", "i2t_r@1", "i2t_r@5", "i2t_r@10", 52.6, 77.9, 87.2),
        .. Triple(EvalLayout.Ctc, "ViSTA-S", "t2i_r@1", "t2i_r@5", "t2i_r@10", 36.7, 66.2, 77.8),
    ];

    public static IEnumerable<PublishedResult> For(EvalLayout layout) => All.Where(r => r.Layout == layout);

    private static PublishedResult[] Triple(EvalLayout layout, string method, string m1, string m2, string m3, double v1, double v2, double v3) =>
        [new(layout, method, m1, v1), new(layout, method, m2, v2), new(layout, method, m3, v3)];
}
