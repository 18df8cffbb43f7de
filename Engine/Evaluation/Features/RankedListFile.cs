using System.Globalization;
using System.Text;

namespace UmsOrleans.Engine.Evaluation.Features;

/// <summary>
/// The ranked lists a run's search returned, beside the dumped features: one line per query row,
/// <c>query_row&lt;TAB&gt;gallery rows best first, space-separated</c> (rows of the dumped .npy files).
/// With it, a metric or the search itself can be checked without the cluster.
/// </summary>
public static class RankedListFile
{
    public const string Header = "query_row\tgallery_rows";

    public static void Write(string path, IReadOnlyList<int[]> ranked)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(Header);
        for (var q = 0; q < ranked.Count; q++)
        {
            writer.Write(q.ToString(CultureInfo.InvariantCulture));
            writer.Write('\t');
            writer.WriteLine(string.Join(' ', ranked[q].Select(p => p.ToString(CultureInfo.InvariantCulture))));
        }
    }

    public static IReadOnlyList<int[]> Read(string path) =>
        File.ReadLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var tab = line.IndexOf('\t');
            var rest = line[(tab + 1)..];
            return rest.Length == 0 ? [] : rest.Split(' ').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        }).ToList();
}
