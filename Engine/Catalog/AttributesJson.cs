using System.Collections.Immutable;
using System.Text.Json;

namespace UmsOrleans.Engine.Catalog;

/// <summary>A product's attributes as one JSON object (the catalog's <c>attributes</c> column, snapshots, the wire).</summary>
public static class AttributesJson
{
    /// <summary>The JSON object, or null when there are no attributes.</summary>
    public static string? Write(IReadOnlyDictionary<string, AttributeValue> attributes) =>
        attributes.Count == 0 ? null : JsonSerializer.Serialize(attributes);

    public static ImmutableDictionary<string, AttributeValue> Read(string? json) =>
        json is null
            ? ImmutableDictionary<string, AttributeValue>.Empty
            : JsonSerializer.Deserialize<ImmutableDictionary<string, AttributeValue>>(json) ?? ImmutableDictionary<string, AttributeValue>.Empty;
}
