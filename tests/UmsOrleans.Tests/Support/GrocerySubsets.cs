namespace UmsOrleans.Tests.Support;

/// <summary>Small SOP-layout datasets cut from the grocery set: a list file of our own, images linked, not copied.</summary>
public static class GrocerySubsets
{
    /// <summary>Writes <c>Ebay_test.txt</c> with <paramref name="perClass"/> photos of every <paramref name="classStep"/>-th class.</summary>
    public static string Sop(string directory, int classes, int perClass, int classStep = 10)
    {
        Directory.CreateDirectory(directory);
        var images = Path.Combine(directory, "images");
        if (!Directory.Exists(images)) Directory.CreateSymbolicLink(images, Path.Combine(TestPaths.GroceryDataset, "images"));
        var rows = File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "Ebay_test.txt")).Skip(1)
            .Select(line => line.Split(' '))
            .GroupBy(fields => int.Parse(fields[1]))
            .OrderBy(group => group.Key)
            .Where((_, index) => index % classStep == 0)
            .Take(classes)
            .SelectMany(group => group.Take(perClass))
            .Select((fields, index) => $"{index + 1} {fields[1]} {fields[2]} {fields[3]}");
        File.WriteAllLines(Path.Combine(directory, "Ebay_test.txt"), ["image_id class_id super_class_id path", .. rows]);
        return directory;
    }
}
