using System.Collections.Immutable;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Ingestion;

/// <summary>
/// One line of a catalog file (JSON Lines): <c>id</c> (required), <c>image</c> and/or <c>images</c> (paths relative
/// to the catalog's image root), <c>title</c>, <c>category</c>, <c>description</c>; every other field becomes an
/// attribute (strings, numbers, booleans and lists of those as they are; an object as its JSON text).
/// </summary>
public sealed record CatalogLine(
    int LineNumber,
    string Id,
    ImmutableArray<string> Images,
    string? Title,
    string? Category,
    string? Description,
    ImmutableDictionary<string, AttributeValue> Attributes)
{
    public const int MaxIdLength = 256;

    /// <summary>How much of a line that is not JSON a failure message shows.</summary>
    public const int QuotedPrefixLength = 24;

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
            // The parser's message quotes the offending character; a line that is not JSON at all (a binary file
            // given as the catalog) is described only by a short, escaped prefix.
            return (null, $"not valid JSON (at byte {exception.BytePositionInLine + 1}); the line starts {EscapedPrefix(text)}.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return (null, "must be a JSON object.");
            string? id = null, image = null, title = null, category = null, description = null;
            var images = ImmutableArray.CreateBuilder<string>();
            var attributes = ImmutableDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
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
                    case "images":
                        if (value.ValueKind == JsonValueKind.Null) continue;
                        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 }))
                        {
                            return (null, "'images' must be a list of image paths.");
                        }
                        images.AddRange(value.EnumerateArray().Select(e => e.GetString()!));
                        break;
                    default:
                        if (value.ValueKind == JsonValueKind.Null) continue;
                        attributes[property.Name] = AttributeValue.FromJson(value).Value ?? AttributeValue.Of(value.GetRawText());
                        break;
                }
            }
            if (!ProductIdRule.IsValid(id)) return (null, $"'id' {ProductIdRule.Description}");
            if (!string.IsNullOrEmpty(image)) images.Insert(0, image);
            return (new CatalogLine(lineNumber, id, images.ToImmutable(), title, category, description, attributes.ToImmutable()), null);
        }
    }

    /// <summary>The first characters of <paramref name="text"/> in double quotes, everything but printable ASCII as <c>\uXXXX</c>.</summary>
    public static string EscapedPrefix(string text)
    {
        var prefix = new System.Text.StringBuilder("\"");
        foreach (var c in text.Length > QuotedPrefixLength ? text[..QuotedPrefixLength] : text)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\') prefix.Append(c);
            else prefix.Append($"\\u{(int)c:x4}");
        }
        return prefix.Append(text.Length > QuotedPrefixLength ? "\"..." : "\"").ToString();
    }
}
