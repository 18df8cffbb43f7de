using System.Collections.Immutable;
using System.Text.Json;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// One line of a catalog file (JSON Lines): <c>id</c> (required), <c>image</c> (a path relative to the
/// catalog's image root), <c>title</c>, <c>category</c>, <c>description</c>; every other field becomes an
/// attribute, kept as text (numbers and booleans as written, objects and arrays as their JSON).
/// </summary>
public sealed record CatalogLine(
    int LineNumber,
    string Id,
    string? Image,
    string? Title,
    string? Category,
    string? Description,
    ImmutableDictionary<string, string> Attributes)
{
    public const int MaxIdLength = 256;

    /// <summary>The line parsed, or why it cannot be (a message that names the field).</summary>
    public static (CatalogLine? Line, string? Error) Parse(int lineNumber, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException exception)
        {
            return (null, $"not valid JSON: {exception.Message}");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, "must be a JSON object.");
            string? id = null, image = null, title = null, category = null, description = null;
            var attributes = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                switch (property.Name)
                {
                    case "id" or "image" or "title" or "category" or "description":
                        if (value.ValueKind == JsonValueKind.Null) continue;
                        if (value.ValueKind != JsonValueKind.String) return (null, $"'{property.Name}' must be a string.");
                        var field = value.GetString();
                        switch (property.Name)
                        {
                            case "id": id = field; break;
                            case "image": image = field; break;
                            case "title": title = field; break;
                            case "category": category = field; break;
                            default: description = field; break;
                        }
                        break;
                    default:
                        if (value.ValueKind != JsonValueKind.Null) attributes[property.Name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                        break;
                }
            }
            if (string.IsNullOrEmpty(id) || id.Length > MaxIdLength) return (null, $"'id' must be a string of 1 to {MaxIdLength} characters.");
            return (new CatalogLine(lineNumber, id, string.IsNullOrEmpty(image) ? null : image, title, category, description, attributes.ToImmutable()), null);
        }
    }
}
