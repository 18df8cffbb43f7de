using System.Globalization;
using System.Text;
using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Features;

/// <summary>
/// <c>--dump-features</c> for one set: <c>&lt;prefix&gt;_image_features.npy</c> and/or
/// <c>&lt;prefix&gt;_text_features.npy</c> (float32, rows in item order) plus <c>&lt;prefix&gt;_items.tsv</c>
/// naming each row: <c>row, index, id, label, path</c> (labels joined by <c>#;#</c>, path relative to the
/// dataset root). Rows are appended as features arrive, so nothing is held in memory.
/// An item without a vector of a dumped modality gets a zero row (Product1M's "contributes 0").
/// </summary>
public sealed class FeatureDump : IDisposable
{
    public const string ItemsHeader = "row\tindex\tid\tlabel\tpath";

    private readonly string _root;
    private readonly NpyMatrixWriter? _image;
    private readonly NpyMatrixWriter? _text;
    private readonly StreamWriter _items;
    private bool _completed;

    public FeatureDump(string directory, string prefix, string datasetRoot, int? imageDimension, int? textDimension)
    {
        if (imageDimension is null && textDimension is null) throw new ArgumentException("a dump needs image or text features.");
        Directory.CreateDirectory(directory);
        _root = datasetRoot;
        ImagePath = imageDimension is null ? null : Path.Combine(directory, $"{prefix}_image_features.npy");
        TextPath = textDimension is null ? null : Path.Combine(directory, $"{prefix}_text_features.npy");
        ItemsPath = Path.Combine(directory, $"{prefix}_items.tsv");
        _image = ImagePath is null ? null : new NpyMatrixWriter(ImagePath, imageDimension!.Value);
        _text = TextPath is null ? null : new NpyMatrixWriter(TextPath, textDimension!.Value);
        _items = new StreamWriter(ItemsPath, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        _items.WriteLine(ItemsHeader);
    }

    public string? ImagePath { get; }

    public string? TextPath { get; }

    public string ItemsPath { get; }

    public long Rows { get; private set; }

    public void Append(EvalItem item, ReadOnlySpan<float> image, ReadOnlySpan<float> text)
    {
        AppendOrZero(_image, image);
        AppendOrZero(_text, text);
        var path = item.ImagePath is null ? "" : Path.GetRelativePath(_root, item.ImagePath).Replace('\\', '/');
        _items.WriteLine(string.Join('\t', Rows.ToString(CultureInfo.InvariantCulture), item.Index.ToString(CultureInfo.InvariantCulture), Clean(item.Id), Clean(item.LabelField), Clean(path)));
        Rows++;
    }

    public void Complete()
    {
        _image?.Complete();
        _text?.Complete();
        _items.Flush();
        _items.Dispose();
        _completed = true;
    }

    public void Dispose()
    {
        _image?.Dispose();
        _text?.Dispose();
        if (!_completed)
        {
            _items.Dispose();
            File.Delete(ItemsPath);
        }
    }

    /// <summary>Reads an items file back: per row, (index, id, label field, relative path).</summary>
    public static IReadOnlyList<(int Index, string Id, string Label, string Path)> ReadItems(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var f = l.Split('\t');
            return (int.Parse(f[1], CultureInfo.InvariantCulture), f[2], f[3], f[4]);
        }).ToList();

    private static void AppendOrZero(NpyMatrixWriter? writer, ReadOnlySpan<float> row)
    {
        if (writer is null) return;
        if (row.IsEmpty)
        {
            Span<float> zero = writer.Columns <= 4096 ? stackalloc float[writer.Columns] : new float[writer.Columns];
            zero.Clear();
            writer.Append(zero);
        }
        else
        {
            writer.Append(row);
        }
    }

    private static string Clean(string field) => field.Replace('\t', ' ').Replace('\n', ' ').Replace('\r', ' ');
}
