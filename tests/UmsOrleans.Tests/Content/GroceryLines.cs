using System.Text.Json;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

/// <summary>Lines of the grocery catalog, picked by id, for small catalogs made in tests.</summary>
public static class GroceryLines
{
    private static readonly Lazy<Dictionary<string, string>> ById = new(() => File.ReadLines(Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl"))
        .ToDictionary(line => JsonDocument.Parse(line).RootElement.GetProperty("id").GetString()!));

    public static string Line(string id) => ById.Value[id];

    public static string Field(string id, string field) => JsonDocument.Parse(Line(id)).RootElement.GetProperty(field).GetString()!;

    public static string ImagePath(string id) => Path.Combine(TestPaths.GroceryDataset, Field(id, "image"));

    /// <summary>The first <paramref name="count"/> train photos of each class, one class after another.</summary>
    public static IReadOnlyList<string> TrainIds(IEnumerable<string> classes, int count) =>
        [.. classes.SelectMany(c => Enumerable.Range(1, count).Select(i => $"train_{c}_{i:000}"))];
}
