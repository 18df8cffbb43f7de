using System.Text.Json;

namespace UmsOrleans.Tests.Support;

/// <summary>Small datasets cut from the grocery set in its layouts: list files of our own, images linked, not copied.</summary>
public static class GrocerySubsets
{
    /// <summary>
    /// Product1M lists (<c>product1m_{gallery,test}_ossurl_v2.txt</c>) and image folders: two grocery classes of four gallery
    /// photos (<c>g0</c>…<c>g7</c>, titles "product{c} variant{i}") and one query each (<c>q0</c>, <c>q1</c>, "product{c} fresh").
    /// </summary>
    public static string Product1M(string directory)
    {
        var photos = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "Ebay_test.txt")).Skip(1)
            .Select(l => l.Split(' ')).GroupBy(f => f[1]).Take(2)
            .Select(g => g.Take(5).Select(f => Path.Combine(TestPaths.GroceryDataset, f[3])).ToList()).ToList();
        var galleryFolder = Directory.CreateDirectory(Path.Combine(directory, "product1m_gallery_ossurl_v2")).FullName;
        var queryFolder = Directory.CreateDirectory(Path.Combine(directory, "product1m_test_ossurl_v2")).FullName;
        var gallery = new List<string>();
        var queries = new List<string>();
        for (var c = 0; c < photos.Count; c++)
        {
            for (var i = 0; i < 4; i++)
            {
                var id = $"g{gallery.Count}";
                File.Copy(photos[c][i], Path.Combine(galleryFolder, id + ".jpg"));
                gallery.Add($"{id}#####product{c} variant{i}#####u#####u#####inst{c}");
            }
            File.Copy(photos[c][4], Path.Combine(queryFolder, $"q{c}.jpg"));
            queries.Add($"q{c}#####product{c} fresh#####u#####u#####inst{c}");
        }
        File.WriteAllLines(Path.Combine(directory, "product1m_gallery_ossurl_v2.txt"), gallery);
        File.WriteAllLines(Path.Combine(directory, "product1m_test_ossurl_v2.txt"), queries);
        return directory;
    }

    /// <summary>Writes <c>Ebay_test.txt</c> with <paramref name="perClass"/> photos of every <paramref name="classStep"/>-th class.</summary>
    public static string Sop(string directory, int classes, int perClass, int classStep = 10) =>
        SopList(directory, "Ebay_test.txt", classes, perClass, classStep);

    /// <summary>Writes <c>Ebay_train.txt</c> with <paramref name="perClass"/> train photos of every <paramref name="classStep"/>-th class.</summary>
    public static string SopTrain(string directory, int classes, int perClass, int classStep = 10) =>
        SopList(directory, "Ebay_train.txt", classes, perClass, classStep);

    private static string SopList(string directory, string list, int classes, int perClass, int classStep)
    {
        Directory.CreateDirectory(directory);
        var images = Path.Combine(directory, "images");
        if (!Directory.Exists(images)) Directory.CreateSymbolicLink(images, Path.Combine(TestPaths.GroceryDataset, "images"));
        var rows = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, list)).Skip(1)
            .Select(line => line.Split(' '))
            .GroupBy(fields => int.Parse(fields[1]))
            .OrderBy(group => group.Key)
            .Where((_, index) => index % classStep == 0)
            .Take(classes)
            .SelectMany(group => group.Take(perClass))
            .Select((fields, index) => $"{index + 1} {fields[1]} {fields[2]} {fields[3]}");
        File.WriteAllLines(Path.Combine(directory, list), ["image_id class_id super_class_id path", .. rows]);
        return directory;
    }

    /// <summary>
    /// Writes <c>catalog.jsonl</c> with the first <paramref name="trainPerProduct"/> train and <paramref name="testPerProduct"/>
    /// test rows of every <paramref name="classStep"/>-th product, and <c>text_queries.tsv</c> with those products' queries.
    /// </summary>
    public static string Catalog(string directory, int products, int trainPerProduct, int testPerProduct, int classStep = 10)
    {
        Directory.CreateDirectory(directory);
        var images = Path.Combine(directory, "images");
        if (!Directory.Exists(images)) Directory.CreateSymbolicLink(images, Path.Combine(TestPaths.GroceryDataset, "images"));
        var rows = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
            .Select(line => (Line: line, Row: JsonDocument.Parse(line).RootElement))
            .Select(r => (r.Line, Label: r.Row.GetProperty("label").GetInt32(), Split: r.Row.GetProperty("split").GetString()))
            .ToList();
        var labels = rows.Select(r => r.Label).Distinct().Order().Where((_, index) => index % classStep == 0).Take(products).ToHashSet();
        var picked = rows.Where(r => labels.Contains(r.Label)).GroupBy(r => (r.Label, r.Split))
            .SelectMany(g => g.Take(g.Key.Split == "train" ? trainPerProduct : g.Key.Split == "test" ? testPerProduct : 0))
            .Select(r => r.Line);
        File.WriteAllLines(Path.Combine(directory, "catalog.jsonl"), picked);
        var queries = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "text_queries.tsv")).Skip(1)
            .Where(line => labels.Contains(int.Parse(line.Split('\t')[2])));
        File.WriteAllLines(Path.Combine(directory, "text_queries.tsv"), ["query_id\ttext\tlabel", .. queries]);
        return directory;
    }
}
