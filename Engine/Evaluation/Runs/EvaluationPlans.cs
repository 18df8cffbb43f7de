using UmsOrleans.Engine.Evaluation.Datasets;
using UmsOrleans.Engine.Evaluation.Metrics;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// The directions and metrics of each layout. A direction's search depth is a function of the
/// largest number of gallery items sharing one label and of the gallery size: MAP@R needs R results, CTC's
/// mean rank the whole ranking, and leave-one-out one more so the query can be dropped by index.
/// </summary>
public static class EvaluationPlans
{
    public static readonly int[] SopK = [1, 10, 100];
    public static readonly int[] InShopK = [1, 10, 20, 30, 40, 50];

    public static EvalDataset Open(EvalLayout layout, string root) => layout switch
    {
        EvalLayout.Sop => SopReader.Open(root),
        EvalLayout.InShop => InShopReader.Open(root),
        EvalLayout.Product1M => Product1MReader.Open(root),
        EvalLayout.Ctc => CtcReader.Open(root),
        EvalLayout.Catalog => CatalogReader.Open(root),
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    public static IReadOnlyList<EvaluationDirection> For(EvalDataset dataset) => dataset.Layout switch
    {
        EvalLayout.Sop =>
        [
            new("sop", dataset.Gallery, Halves.Image, null, Halves.Image,
                (maxPerLabel, gallery) => Math.Min(Math.Max(SopK.Max(), maxPerLabel - 1) + 1, gallery),
                inputs => Retrieval(inputs, SopK, leaveOneOut: true)),
        ],
        EvalLayout.InShop =>
        [
            new("inshop", dataset.Gallery, Halves.Image, dataset.Queries, Halves.Image,
                (maxPerLabel, gallery) => Math.Min(Math.Max(InShopK.Max(), maxPerLabel), gallery),
                inputs => Retrieval(inputs, InShopK, leaveOneOut: false)),
        ],
        EvalLayout.Catalog => CatalogDirections(dataset),
        EvalLayout.Product1M =>
        [
            new("product1m", dataset.Gallery, Halves.Both, dataset.Queries, Halves.Both,
                (_, gallery) => Math.Min(Product1MMetrics.DefaultN.Max(), gallery),
                Product1M),
        ],
        EvalLayout.Ctc =>
        [
            new("t2i", dataset.Gallery, Halves.Image, dataset.Queries, Halves.Text, (_, gallery) => gallery, inputs => Ranks(inputs, "t2i")),
            new("i2t", dataset.Queries, Halves.Text, dataset.Gallery, Halves.Image, (_, gallery) => gallery, inputs => Ranks(inputs, "i2t")),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(dataset)),
    };

    /// <summary>
    /// Record level: text queries against the photos (needs an aligned model) and against the photos' titles. Product
    /// level (the catalog's rows grouped by label into products with many photos, one hit per product): text queries
    /// against the products' titles and photos, and — when the catalog has train and test rows — test photos against
    /// products made of the train photos, text queries against the test photos alone, and test photos against the
    /// products' titles (the last two need texts and photos in one space: an aligned model or an alignment adapter).
    /// </summary>
    private static IReadOnlyList<EvaluationDirection> CatalogDirections(EvalDataset dataset)
    {
        static int Depth(int maxPerLabel, int gallery) => Math.Min(Math.Max(SopK.Max(), maxPerLabel), gallery);
        List<EvaluationDirection> directions =
        [
            new("t2i", dataset.Gallery, Halves.Image, dataset.Queries, Halves.Text, Depth, inputs => Prefixed("t2i", Retrieval(inputs, SopK, leaveOneOut: false))),
            new("t2title", dataset.Gallery, Halves.Text, dataset.Queries, Halves.Text, Depth, inputs => Prefixed("t2title", Retrieval(inputs, SopK, leaveOneOut: false))),
            new("t2product", dataset.Gallery, Halves.Text, dataset.Queries, Halves.Text, Depth,
                inputs => Prefixed("t2product", Retrieval(inputs, ProductK, leaveOneOut: false)), ProductsByLabel: true),
            new("t2product_photos", dataset.Gallery, Halves.Image, dataset.Queries, Halves.Text, Depth,
                inputs => Prefixed("t2product_photos", Retrieval(inputs, ProductK, leaveOneOut: false)), ProductsByLabel: true),
        ];
        if (CatalogReader.HasSplits(dataset.Root, "train", "test"))
        {
            var test = CatalogReader.Split(dataset.Root, "test");
            directions.Add(new("i2product", CatalogReader.Split(dataset.Root, "train"), Halves.Image, test, Halves.Image, Depth,
                inputs => Prefixed("i2product", Retrieval(inputs, ProductK, leaveOneOut: false)), ProductsByLabel: true));
            // Across modalities on held-out photos only (what an alignment learned from the train photos must carry over to).
            directions.Add(new("t2i_test", test, Halves.Image, dataset.Queries, Halves.Text, Depth, inputs => Prefixed("t2i_test", Retrieval(inputs, SopK, leaveOneOut: false))));
            directions.Add(new("i2product_titles", dataset.Gallery, Halves.Text, test, Halves.Image, Depth,
                inputs => Prefixed("i2product_titles", Retrieval(inputs, ProductK, leaveOneOut: false)), ProductsByLabel: true));
        }
        return directions;
    }

    /// <summary>Recall@K for product-level directions: the product is found first, or among the first ten.</summary>
    public static readonly int[] ProductK = [1, 10];

    private static DirectionMetrics Prefixed(string prefix, DirectionMetrics metrics) =>
        metrics with { Metrics = [.. metrics.Metrics.Select(m => m with { Name = $"{prefix}_{m.Name}" })] };

    private static DirectionMetrics Retrieval(MetricInputs inputs, int[] ks, bool leaveOneOut)
    {
        var codes = new LabelCodes();
        var gallery = inputs.GalleryLabels.Select(l => codes.Of(l[0])).ToArray();
        var queries = leaveOneOut ? gallery : inputs.QueryLabels.Select(l => codes.Of(l[0])).ToArray();
        var result = RetrievalMetrics.Compute(inputs.Ranked, queries, gallery, ks, leaveOneOut);
        return new DirectionMetrics([.. result.ToMetricValues()], result.QueriesWithoutRelevant);
    }

    private static DirectionMetrics Product1M(MetricInputs inputs)
    {
        var codes = new LabelCodes();
        var gallery = inputs.GalleryLabels.Select(l => codes.Of(l[0])).ToArray();
        var queries = inputs.QueryLabels.Select(l => l.Select(codes.Of).ToArray()).ToList();
        var ums = Product1MMetrics.Compute(inputs.Ranked, queries, gallery, Product1MMetrics.DefaultN);
        var capture = CaptureMetrics.MapAtN(inputs.Ranked, queries, gallery, Product1MMetrics.DefaultN);
        return new DirectionMetrics([.. ums.ToMetricValues(), .. capture], ums.QueriesWithoutRelevant);
    }

    private static DirectionMetrics Ranks(MetricInputs inputs, string prefix)
    {
        var codes = new LabelCodes();
        var gallery = inputs.GalleryLabels.Select(l => codes.Of(l[0])).ToArray();
        var queries = inputs.QueryLabels.Select(l => codes.Of(l[0])).ToArray();
        var result = RankMetrics.Compute(inputs.Ranked, queries, gallery, RankMetrics.DefaultK);
        return new DirectionMetrics([.. result.ToMetricValues(prefix)], result.QueriesWithoutRelevant);
    }
}
