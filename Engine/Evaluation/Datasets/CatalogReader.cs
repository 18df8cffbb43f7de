using System.Text.Json;

namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// The generic product catalog: <c>catalog.jsonl</c> (one JSON object a line with <c>id</c>, <c>image</c>,
/// <c>title</c>, <c>label</c>, <c>split</c>, …) as the gallery, searched with <c>text_queries.tsv</c>
/// (<c>query_id, text, label</c> with a header). Label = the <c>label</c> field as text.
/// </summary>
public static class CatalogReader
{
    public const string CatalogFile = "catalog.jsonl";
    public const string QueriesFile = "text_queries.tsv";
    public const string QuerySet = "text_queries";
    public const string GallerySet = "catalog";

    /// <param name="splits">Catalog rows whose <c>split</c> is in this set; null keeps every row.</param>
    public static EvalDataset Open(string root, IReadOnlySet<string>? splits = null) =>
        new(
            EvalLayout.Catalog,
            root,
            new EvalSet(QuerySet, _ => ReadQueries(Path.Combine(root, QueriesFile))),
            new EvalSet(GallerySet, skips => ReadCatalog(root, Path.Combine(root, CatalogFile), splits, skips)));

    /// <summary>The catalog rows of one split as a set of its own (<c>catalog_train</c>, <c>catalog_test</c>).</summary>
    public static EvalSet Split(string root, string split) =>
        new($"{GallerySet}_{split}", skips => ReadCatalog(root, Path.Combine(root, CatalogFile), new HashSet<string>(StringComparer.Ordinal) { split }, skips));

    /// <summary>Whether some catalog row has each of <paramref name="splits"/> (rows read as the gallery reads them).</summary>
    public static bool HasSplits(string root, params string[] splits)
    {
        var path = Path.Combine(root, CatalogFile);
        var wanted = new HashSet<string>(splits, StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (Parse(path, lineNumber, line).Split is { } split) wanted.Remove(split);
            if (wanted.Count == 0) return true;
        }
        return false;
    }

    public static IEnumerable<EvalItem> ReadCatalog(string root, string catalogPath, IReadOnlySet<string>? splits, SkipLog skips)
    {
        var lineNumber = 0;
        var index = 0;
        foreach (var line in File.ReadLines(catalogPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var row = Parse(catalogPath, lineNumber, line);
            if (splits is not null && (row.Split is null || !splits.Contains(row.Split))) continue;
            var rowIndex = index++;
            var (path, problem) = ImageFileCheck.Resolve(root, row.Image);
            if (problem is not null)
            {
                skips.Add(new SkippedItem(GallerySet, rowIndex, row.Id, path, problem));
                continue;
            }
            yield return EvalItem.Single(rowIndex, row.Id, row.Label, path, row.Title);
        }
    }

    public static IEnumerable<EvalItem> ReadQueries(string queriesPath)
    {
        var lineNumber = 0;
        var index = 0;
        foreach (var line in File.ReadLines(queriesPath))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (!line.StartsWith("query_id\t", StringComparison.Ordinal)) throw new ListFileFormatException(queriesPath, 1, "expected the header 'query_id<TAB>text<TAB>label'.");
                continue;
            }
            if (line.Length == 0) continue;
            var fields = line.Split('\t');
            if (fields.Length != 3) throw new ListFileFormatException(queriesPath, lineNumber, $"expected 3 tab-separated fields, found {fields.Length}.");
            yield return EvalItem.Single(index++, fields[0], fields[2], null, fields[1]);
        }
    }

    private sealed record CatalogRow(string Id, string Image, string? Title, string Label, string? Split);

    private static CatalogRow Parse(string file, int lineNumber, string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var id = root.GetProperty("id").GetString();
            var image = root.GetProperty("image").GetString();
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(image)) throw new ListFileFormatException(file, lineNumber, "'id' and 'image' must be non-empty strings.");
            var label = root.GetProperty("label") is { ValueKind: JsonValueKind.Number } number
                ? number.GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture)
                : root.GetProperty("label").GetString() ?? throw new ListFileFormatException(file, lineNumber, "'label' is null.");
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var split = root.TryGetProperty("split", out var s) ? s.GetString() : null;
            return new CatalogRow(id, image, title, label, split);
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new ListFileFormatException(file, lineNumber, $"not a catalog row: {exception.Message}");
        }
    }
}
