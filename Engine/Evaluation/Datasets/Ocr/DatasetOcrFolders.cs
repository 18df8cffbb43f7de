namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>
/// Where a dataset keeps its precomputed OCR files (§7.4), per set with images: CTC's <c>ctc_ocr/</c> beside its
/// list file; Product1M's <c>ocr_results_filter_chinese_overlap/&lt;list name&gt;/</c> for the query and the gallery
/// list. Other layouts have none.
/// </summary>
public static class DatasetOcrFolders
{
    public const string CtcFolder = "ctc_ocr";
    public const string Product1MFolder = "ocr_results_filter_chinese_overlap";

    /// <summary>The expected folder and line format of each set that reads OCR files, whether the folders exist or not.</summary>
    public static IReadOnlyDictionary<string, (string Path, OcrLineFormat Format)> Expected(EvalLayout layout, string root) => layout switch
    {
        EvalLayout.Ctc => new Dictionary<string, (string, OcrLineFormat)>
        {
            [CtcReader.ImageSet] = (Path.Combine(root, CtcFolder), OcrLineFormat.Ctc),
        },
        EvalLayout.Product1M => new Dictionary<string, (string, OcrLineFormat)>
        {
            [Product1MReader.QuerySet] = (Product1MPath(root, Product1MReader.TestList), OcrLineFormat.Product1M),
            [Product1MReader.GallerySet] = (Product1MPath(root, Product1MReader.GalleryList), OcrLineFormat.Product1M),
        },
        _ => new Dictionary<string, (string, OcrLineFormat)>(),
    };

    /// <summary>True when the layout has OCR folders and every one of them exists.</summary>
    public static bool Present(EvalLayout layout, string root)
    {
        var expected = Expected(layout, root);
        return expected.Count > 0 && expected.Values.All(f => Directory.Exists(f.Path));
    }

    /// <summary>Why <c>--ocr files</c> cannot run on this dataset (null when it can).</summary>
    public static string? Missing(EvalLayout layout, string root)
    {
        var expected = Expected(layout, root);
        if (expected.Count == 0) return $"the {layout} layout has no OCR files; use 'engine' or 'none'.";
        var missing = expected.Values.Where(f => !Directory.Exists(f.Path)).Select(f => Path.GetRelativePath(root, f.Path)).ToList();
        return missing.Count == 0 ? null : $"'files' needs the OCR folder {string.Join(" and ", missing.Select(m => $"'{m}'"))} in the data folder; use 'engine' or 'none'.";
    }

    private static string Product1MPath(string root, string list) => Path.Combine(root, Product1MFolder, Path.GetFileNameWithoutExtension(list));
}
