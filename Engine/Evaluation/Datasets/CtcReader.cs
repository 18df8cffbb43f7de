namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// COCO-Text-Captioned 1K: <c>CTC_1K_list_ocr_release.txt</c>, tab-separated
/// <c>image_id, sent_id, caption, img_path[, ocr_idx]</c>, one line per caption. The gallery set holds the
/// first occurrence of each image_id (label = image_id, OCR key = ocr_idx); the query set the first
/// occurrence of each sent_id (label = its image_id). Both directions are evaluated over these two sets.
/// </summary>
public static class CtcReader
{
    public const string ListFile = "CTC_1K_list_ocr_release.txt";
    public const string ImageSet = "images";
    public const string CaptionSet = "captions";

    public static EvalDataset Open(string root, string listFile = ListFile)
    {
        var listPath = Path.Combine(root, listFile);
        return new EvalDataset(
            EvalLayout.Ctc,
            root,
            new EvalSet(CaptionSet, _ => ReadCaptions(listPath)),
            new EvalSet(ImageSet, skips => ReadImages(root, listPath, skips)));
    }

    public static IEnumerable<EvalItem> ReadImages(string root, string listPath, SkipLog skips)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var row in Rows(listPath))
        {
            if (!seen.Add(row.ImageId)) continue;
            var rowIndex = index++;
            var (path, problem) = ImageFileCheck.Resolve(root, row.ImagePath);
            if (problem is not null)
            {
                skips.Add(new SkippedItem(ImageSet, rowIndex, row.ImageId, path, problem));
                continue;
            }
            yield return EvalItem.Single(rowIndex, row.ImageId, row.ImageId, path, null, row.OcrKey);
        }
    }

    public static IEnumerable<EvalItem> ReadCaptions(string listPath)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var row in Rows(listPath))
        {
            if (!seen.Add(row.SentenceId)) continue;
            yield return EvalItem.Single(index++, row.SentenceId, row.ImageId, null, row.Caption);
        }
    }

    /// <summary>
    /// Every caption (first occurrence of each sent_id) with its image: the photo–text pairs an alignment is
    /// trained on. Label = image_id. A caption whose image is missing is skipped.
    /// </summary>
    public static IEnumerable<EvalItem> ReadPairs(string root, string listPath, SkipLog skips)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var row in Rows(listPath))
        {
            if (!seen.Add(row.SentenceId)) continue;
            var rowIndex = index++;
            var (path, problem) = ImageFileCheck.Resolve(root, row.ImagePath);
            if (problem is not null)
            {
                skips.Add(new SkippedItem(CaptionSet, rowIndex, row.SentenceId, path, problem));
                continue;
            }
            yield return EvalItem.Single(rowIndex, row.SentenceId, row.ImageId, path, row.Caption, row.OcrKey);
        }
    }

    private sealed record Row(string ImageId, string SentenceId, string Caption, string ImagePath, string? OcrKey);

    private static IEnumerable<Row> Rows(string listPath)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(listPath))
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = line.Split('\t');
            if (lineNumber == 1 && fields[0].Trim().Equals("image_id", StringComparison.OrdinalIgnoreCase)) continue;
            if (fields.Length is < 4 or > 5) throw new ListFileFormatException(listPath, lineNumber, $"expected 4 or 5 tab-separated fields, found {fields.Length}.");
            var ocr = fields.Length == 5 && fields[4].Trim().Length > 0 ? fields[4].Trim() : null;
            yield return new Row(fields[0].Trim(), fields[1].Trim(), fields[2].Trim(), fields[3].Trim(), ocr);
        }
    }
}
