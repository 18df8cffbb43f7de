using System.Collections.Immutable;

namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// Product1M lists: one item a line, fields separated by <c>#####</c>:
/// <c>item_id ##### title ##### image_url_1 ##### image_url_2 ##### instances</c>. The image is
/// <c>&lt;list-folder&gt;/&lt;list-name-without-.txt&gt;/&lt;item_id&gt;.jpg</c>. Query instances are a
/// <c>#;#</c>-separated list kept with its repeats; a gallery item has one instance name.
/// A missing image or title does not drop the item: the item vector is the image and title embeddings side by
/// side, so a missing half adds 0 to every score; a missing image is still listed, as an image-only skip.
/// </summary>
public static class Product1MReader
{
    public const string TestList = "product1m_test_ossurl_v2.txt";
    public const string DevList = "product1m_dev_ossurl_v2.txt";
    public const string GalleryList = "product1m_gallery_ossurl_v2.txt";
    public const string QuerySet = "query";
    public const string GallerySet = "gallery";

    private const string FieldSeparator = "#####";
    private const string InstanceSeparator = "#;#";

    public static EvalDataset Open(string root, string queryList = TestList, string galleryList = GalleryList) =>
        new(
            EvalLayout.Product1M,
            root,
            new EvalSet(QuerySet, skips => Read(Path.Combine(root, queryList), QuerySet, singleInstance: false, skips)),
            new EvalSet(GallerySet, skips => Read(Path.Combine(root, galleryList), GallerySet, singleInstance: true, skips)));

    public static IEnumerable<EvalItem> Read(string listPath, string setName, bool singleInstance, SkipLog skips)
    {
        var imageFolder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(listPath))!, Path.GetFileNameWithoutExtension(listPath));
        var lineNumber = 0;
        var index = 0;
        foreach (var line in File.ReadLines(listPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var fields = line.Split(FieldSeparator);
            if (fields.Length != 5) throw new ListFileFormatException(listPath, lineNumber, $"expected 5 '{FieldSeparator}'-separated fields, found {fields.Length} (train lists have no instances).");
            var id = fields[0].Trim();
            if (id.Length == 0) throw new ListFileFormatException(listPath, lineNumber, "empty item id.");
            var instances = fields[4].Trim().Split(InstanceSeparator).Select(s => s.Trim()).ToImmutableArray();
            if (instances.Any(s => s.Length == 0)) throw new ListFileFormatException(listPath, lineNumber, "empty instance name.");
            if (singleInstance && instances.Length != 1) throw new ListFileFormatException(listPath, lineNumber, $"a gallery item has one instance name, found {instances.Length}.");
            var title = fields[1].Trim();
            var rowIndex = index++;
            var (path, problem) = ImageFileCheck.Resolve(imageFolder, id + ".jpg");
            if (problem is not null)
            {
                skips.Add(new SkippedItem(setName, rowIndex, id, path, problem + "; its image half scores 0", SkipScope.ImageOnly));
            }
            yield return new EvalItem(rowIndex, id, instances, problem is null ? path : null, title.Length == 0 ? null : title);
        }
    }
}
