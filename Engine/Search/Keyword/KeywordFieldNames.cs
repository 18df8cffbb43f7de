using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>The product fields the keyword index reads, and how a product's text becomes those fields.</summary>
public static class KeywordFieldNames
{
    public const string Title = "title";
    public const string Category = "category";
    public const string Description = "description";
    public const string Attributes = "attributes";
    public const string SceneText = "sceneText";

    /// <summary>Every keyword field, as requests and manifests name them.</summary>
    public static readonly IReadOnlyList<string> All = [Title, Category, Description, Attributes, SceneText];

    /// <summary>The attribute that holds a product's description; it is its own field, not one of the attributes.</summary>
    public const string DescriptionAttribute = "description";

    /// <summary>
    /// A product's keyword fields: title, category, the <c>description</c> attribute, the strings of every other
    /// attribute (attribute names are not indexed), and scene text lines (OCR) when there are any.
    /// </summary>
    public static List<KeywordField> Of(
        string? title,
        string? category,
        IEnumerable<KeyValuePair<string, AttributeValue>> attributes,
        IEnumerable<string>? sceneText = null)
    {
        var fields = new List<KeywordField>(4);
        if (!string.IsNullOrEmpty(title)) fields.Add(new(Title, title));
        if (!string.IsNullOrEmpty(category)) fields.Add(new(Category, category));
        foreach (var (name, value) in attributes)
        {
            var field = name == DescriptionAttribute ? Description : Attributes;
            foreach (var text in value.Strings) fields.Add(new(field, text));
        }
        foreach (var line in sceneText ?? []) fields.Add(new(SceneText, line));
        return fields;
    }

    /// <summary>The per-field weights used when a query names none: title 3, every other field 1.</summary>
    public static readonly ImmutableDictionary<string, float> DefaultWeights = ImmutableDictionary.CreateRange(
        StringComparer.Ordinal,
        [
            KeyValuePair.Create(Title, 3f),
            KeyValuePair.Create(Category, 1f),
            KeyValuePair.Create(Description, 1f),
            KeyValuePair.Create(Attributes, 1f),
            KeyValuePair.Create(SceneText, 1f),
        ]);
}
