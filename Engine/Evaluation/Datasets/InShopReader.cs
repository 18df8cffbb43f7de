namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// DeepFashion In-Shop: <c>list_eval_partition.txt</c>; line 1 is the row count, line 2 the header
/// <c>image_name item_id evaluation_status</c>, then whitespace-separated rows. Label = item_id. Index is the
/// position among the rows of the same status.
/// </summary>
public static class InShopReader
{
    public const string PartitionList = "list_eval_partition.txt";
    public const string QuerySet = "query";
    public const string GallerySet = "gallery";

    public static EvalDataset Open(string root, string listFile = PartitionList)
    {
        var listPath = Path.Combine(root, listFile);
        return new EvalDataset(
            EvalLayout.InShop,
            root,
            new EvalSet(QuerySet, skips => Read(root, listPath, QuerySet, skips)),
            new EvalSet(GallerySet, skips => Read(root, listPath, GallerySet, skips)));
    }

    public static IEnumerable<EvalItem> Read(string root, string listPath, string status, SkipLog skips)
    {
        var lineNumber = 0;
        var declaredRows = -1;
        var rows = 0;
        var index = 0;
        foreach (var line in File.ReadLines(listPath))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!int.TryParse(line.Trim(), out declaredRows)) throw new ListFileFormatException(listPath, 1, "expected the number of rows.");
                continue;
            }
            if (lineNumber == 2)
            {
                if (!line.TrimStart().StartsWith("image_name", StringComparison.Ordinal))
                {
                    throw new ListFileFormatException(listPath, 2, "expected the header 'image_name item_id evaluation_status'.");
                }
                continue;
            }
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3) throw new ListFileFormatException(listPath, lineNumber, $"expected 3 fields, found {fields.Length}.");
            rows++;
            if (!string.Equals(fields[2], status, StringComparison.Ordinal)) continue;
            var rowIndex = index++;
            var (path, problem) = ImageFileCheck.Resolve(root, fields[0]);
            if (problem is not null)
            {
                skips.Add(new SkippedItem(status, rowIndex, fields[0], path, problem));
                continue;
            }
            yield return EvalItem.Single(rowIndex, fields[0], fields[1], path, null);
        }
        if (rows != declaredRows) throw new ListFileFormatException(listPath, 1, $"declares {declaredRows} rows but holds {rows}.");
    }
}
