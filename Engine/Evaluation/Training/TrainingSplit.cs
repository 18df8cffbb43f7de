using UmsOrleans.Engine.Adaptation;
using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Training;

/// <summary>
/// The training rows of a dataset, read as EVAL_SPEC.md lays out each layout: SOP <c>Ebay_train.txt</c> (label =
/// class_id), In-Shop the <c>train</c> rows of <c>list_eval_partition.txt</c> (label = item_id), the catalog's rows
/// with <c>split</c> = train (label = <c>label</c>, text = title), CTC a list file of its own (label = image_id,
/// text = the caption). Items carry an image and, where the layout has one, a text.
/// </summary>
public sealed record TrainingSplit(EvalLayout Layout, string ListPath, EvalSet Items, bool HasTexts)
{
    public const string SopTrainList = "Ebay_train.txt";
    public const string TrainSplit = "train";

    /// <exception cref="ArgumentException">The layout has no training split here, or none of the kind asked for; the message says which.</exception>
    public static TrainingSplit Open(EvalLayout layout, string root, AdapterKind kind, string? trainList = null)
    {
        if (!Directory.Exists(root)) throw new ArgumentException($"the data folder '{root}' does not exist.", "data");
        if (trainList is not null && layout != EvalLayout.Ctc) throw new ArgumentException("--train-list is for the ctc layout only; the other layouts name their training split themselves.", "train-list");
        var split = layout switch
        {
            EvalLayout.Sop => Sop(root),
            EvalLayout.InShop => InShop(root),
            EvalLayout.Catalog => Catalog(root),
            EvalLayout.Ctc => Ctc(root, trainList ?? throw new ArgumentException("the ctc layout has no standard training list: name one with --train-list FILE (CTC list format: image_id, sent_id, caption, img_path).", "train-list")),
            _ => throw new ArgumentException($"layout '{layout.ToString().ToLowerInvariant()}' has no training split to learn from; use sop, inshop, catalog or ctc.", "layout"),
        };
        if (kind == AdapterKind.Align && !split.HasTexts)
        {
            throw new ArgumentException($"layout '{layout.ToString().ToLowerInvariant()}' has photos only: an alignment needs photo–text pairs (use the catalog layout, whose titles pair with its photos, or ctc).", "kind");
        }
        return split;
    }

    private static TrainingSplit Sop(string root)
    {
        var list = Path.Combine(root, SopTrainList);
        RequireFile(list, "the SOP training list");
        return new TrainingSplit(EvalLayout.Sop, list, new EvalSet("train", skips => SopReader.Read(root, list, skips)), HasTexts: false);
    }

    private static TrainingSplit InShop(string root)
    {
        var list = Path.Combine(root, InShopReader.PartitionList);
        RequireFile(list, "the In-Shop partition list");
        var items = new EvalSet(TrainSplit, skips => InShopReader.Read(root, list, TrainSplit, skips));
        if (!items.Read(new SkipLog()).Any()) throw new ArgumentException($"'{list}' has no rows with evaluation_status 'train': there is no training split.", "data");
        return new TrainingSplit(EvalLayout.InShop, list, items, HasTexts: false);
    }

    private static TrainingSplit Catalog(string root)
    {
        var list = Path.Combine(root, CatalogReader.CatalogFile);
        RequireFile(list, "the catalog");
        if (!CatalogReader.HasSplits(root, TrainSplit)) throw new ArgumentException($"'{list}' has no rows with \"split\": \"train\": there is no training split.", "data");
        return new TrainingSplit(EvalLayout.Catalog, list, CatalogReader.Split(root, TrainSplit), HasTexts: true);
    }

    private static TrainingSplit Ctc(string root, string trainList)
    {
        var list = Path.GetFullPath(trainList);
        RequireFile(list, "the --train-list file");
        return new TrainingSplit(EvalLayout.Ctc, list, new EvalSet("train_captions", skips => CtcReader.ReadPairs(root, list, skips)), HasTexts: true);
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path)) throw new ArgumentException($"{what} '{path}' does not exist: there is no training split.", "data");
    }
}
