namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>The public benchmark datasets the published UMS results use, plus the generic grocery catalog.</summary>
public enum EvalLayout
{
    /// <summary>Stanford Online Products: every test image queries all other test images (leave-one-out).</summary>
    Sop = 0,

    /// <summary>DeepFashion In-Shop: query images against gallery images.</summary>
    InShop = 1,

    /// <summary>Product1M: image+title query items against image+title gallery items, by instance name.</summary>
    Product1M = 2,

    /// <summary>COCO-Text-Captioned 1K: images against captions, both directions.</summary>
    Ctc = 3,

    /// <summary>A <c>catalog.jsonl</c> gallery searched with the text queries of <c>text_queries.tsv</c>.</summary>
    Catalog = 4,
}
