using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Search.Performance;

/// <summary>
/// Vectors from the real grocery photos without a model: 16×16 RGB thumbnails (768 values), mean-centred over
/// the gallery and L2-normalised. Gallery from the train list, queries from the test list, in file order.
/// </summary>
internal static class GroceryPixelVectors
{
    public const int Side = 16;
    public const int Dimension = Side * Side * 3;

    public static (List<float[]> Gallery, List<float[]> Queries) Load(int galleryCount, int queryCount)
    {
        var root = TestPaths.GroceryDataset;
        var gallery = Paths(root, "Ebay_train.txt", galleryCount).AsParallel().AsOrdered().Select(Pixels).ToList();
        var queries = Paths(root, "Ebay_test.txt", queryCount).AsParallel().AsOrdered().Select(Pixels).ToList();
        var mean = new float[Dimension];
        foreach (var v in gallery) for (var d = 0; d < Dimension; d++) mean[d] += v[d] / gallery.Count;
        return (gallery.Select(v => Normalise(v, mean)).ToList(), queries.Select(v => Normalise(v, mean)).ToList());
    }

    // Every n-th photo of the list so all classes are present.
    private static IEnumerable<string> Paths(string root, string list, int count)
    {
        var rows = File.ReadLines(Path.Combine(root, list)).Skip(1).Select(line => line.Split(' ')[3]).ToList();
        var step = Math.Max(1, rows.Count / count);
        return rows.Where((_, i) => i % step == 0).Take(count).Select(path => Path.Combine(root, path));
    }

    private static float[] Pixels(string path)
    {
        using var image = Image.Load<Rgb24>(path);
        image.Mutate(x => x.Resize(Side, Side));
        var values = new float[Dimension];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < Side; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < Side; x++)
                {
                    var i = (y * Side + x) * 3;
                    values[i] = row[x].R / 255f;
                    values[i + 1] = row[x].G / 255f;
                    values[i + 2] = row[x].B / 255f;
                }
            }
        });
        return values;
    }

    private static float[] Normalise(float[] values, float[] mean)
    {
        var centred = values.Select((v, d) => v - mean[d]).ToArray();
        var norm = MathF.Sqrt(centred.Sum(v => v * v));
        return centred.Select(v => v / norm).ToArray();
    }
}
