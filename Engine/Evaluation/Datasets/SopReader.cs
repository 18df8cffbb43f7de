namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// Stanford Online Products: <c>Ebay_test.txt</c>, space-separated with the header
/// <c>image_id class_id super_class_id path</c>; the path is relative to the dataset root. Label = class_id.
/// </summary>
public static class SopReader
{
    public const string TestList = "Ebay_test.txt";
    public const string SetName = "test";

    public static EvalDataset Open(string root, string listFile = TestList)
    {
        var set = new EvalSet(SetName, skips => Read(root, Path.Combine(root, listFile), skips));
        return new EvalDataset(EvalLayout.Sop, root, set, set);
    }

    public static IEnumerable<EvalItem> Read(string root, string listPath, SkipLog skips)
    {
        var lineNumber = 0;
        var index = 0;
        foreach (var line in File.ReadLines(listPath))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.StartsWith("image_id", StringComparison.Ordinal))
                {
                    throw new ListFileFormatException(listPath, 1, "expected the header 'image_id class_id super_class_id path'.");
                }
                continue;
            }
            if (line.Length == 0) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 4) throw new ListFileFormatException(listPath, lineNumber, $"expected 4 space-separated fields, found {fields.Length}.");
            var (path, problem) = ImageFileCheck.Resolve(root, fields[3]);
            var rowIndex = index++;
            if (problem is not null)
            {
                skips.Add(new SkippedItem(SetName, rowIndex, fields[0], path, problem));
                continue;
            }
            yield return EvalItem.Single(rowIndex, fields[0], fields[1], path, null);
        }
    }
}
