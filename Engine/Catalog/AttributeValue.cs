using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace UmsOrleans.Engine.Catalog;

/// <summary>What an attribute value holds.</summary>
public enum AttributeKind
{
    String,
    Number,
    Boolean,
    List,
}

/// <summary>
/// One attribute value of a product: a string, a number, a boolean, or a list of those (a list matches a filter
/// when any element does). Written to JSON as the plain JSON value, so catalogs stored when attributes were
/// strings only read back unchanged.
/// </summary>
[JsonConverter(typeof(AttributeValueJsonConverter))]
public sealed class AttributeValue : IEquatable<AttributeValue>
{
    private AttributeValue(AttributeKind kind, string? text, double number, bool flag, ImmutableArray<AttributeValue> items)
    {
        Kind = kind;
        Text = text;
        Number = number;
        Flag = flag;
        Items = items;
    }

    public AttributeKind Kind { get; }

    /// <summary>The string, when <see cref="Kind"/> is <see cref="AttributeKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The number, when <see cref="Kind"/> is <see cref="AttributeKind.Number"/>.</summary>
    public double Number { get; }

    /// <summary>The boolean, when <see cref="Kind"/> is <see cref="AttributeKind.Boolean"/>.</summary>
    public bool Flag { get; }

    /// <summary>The elements (strings, numbers or booleans), when <see cref="Kind"/> is <see cref="AttributeKind.List"/>.</summary>
    public ImmutableArray<AttributeValue> Items { get; }

    public static AttributeValue Of(string text) => new(AttributeKind.String, text ?? throw new ArgumentNullException(nameof(text)), 0, false, []);

    public static AttributeValue Of(double number) =>
        double.IsFinite(number) ? new(AttributeKind.Number, null, number, false, []) : throw new ArgumentOutOfRangeException(nameof(number), "attribute numbers must be finite.");

    public static AttributeValue Of(bool flag) => new(AttributeKind.Boolean, null, 0, flag, []);

    /// <summary>A list of scalar values; a list inside a list is refused.</summary>
    public static AttributeValue ListOf(IEnumerable<AttributeValue> items)
    {
        var array = items.ToImmutableArray();
        if (array.Any(i => i.Kind == AttributeKind.List)) throw new ArgumentException("an attribute list holds strings, numbers or booleans, not lists.", nameof(items));
        return new(AttributeKind.List, null, 0, false, array);
    }

    /// <summary>The scalar values this value stands for: itself, or a list's elements.</summary>
    public IEnumerable<AttributeValue> Scalars => Kind == AttributeKind.List ? Items : [this];

    /// <summary>The text a keyword index reads: strings, and the strings of a list.</summary>
    public IEnumerable<string> Strings => Scalars.Where(s => s.Kind == AttributeKind.String).Select(s => s.Text!);

    public bool Equals(AttributeValue? other) =>
        other is not null && Kind == other.Kind && Kind switch
        {
            AttributeKind.String => string.Equals(Text, other.Text, StringComparison.Ordinal),
            AttributeKind.Number => Number.Equals(other.Number),
            AttributeKind.Boolean => Flag == other.Flag,
            _ => Items.SequenceEqual(other.Items),
        };

    public override bool Equals(object? obj) => Equals(obj as AttributeValue);

    public override int GetHashCode() => Kind switch
    {
        AttributeKind.String => HashCode.Combine(Kind, Text),
        AttributeKind.Number => HashCode.Combine(Kind, Number),
        AttributeKind.Boolean => HashCode.Combine(Kind, Flag),
        _ => Items.Aggregate((int)Kind, (hash, item) => HashCode.Combine(hash, item)),
    };

    public override string ToString() => Kind switch
    {
        AttributeKind.String => Text!,
        AttributeKind.Number => Number.ToString("R", CultureInfo.InvariantCulture),
        AttributeKind.Boolean => Flag ? "true" : "false",
        _ => $"[{string.Join(", ", Items)}]",
    };

    /// <summary>
    /// Reads a JSON value as an attribute value, or returns why it cannot be one (null, an object, a list inside
    /// a list, a number out of range).
    /// </summary>
    public static (AttributeValue? Value, string? Error) FromJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return (Of(element.GetString()!), null);
            case JsonValueKind.Number:
                return element.TryGetDouble(out var number) && double.IsFinite(number) ? (Of(number), null) : (null, "is a number out of range.");
            case JsonValueKind.True:
            case JsonValueKind.False:
                return (Of(element.GetBoolean()), null);
            case JsonValueKind.Array:
                var items = new List<AttributeValue>();
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined)
                    {
                        return (null, "must be a list of strings, numbers or booleans.");
                    }
                    var (scalar, error) = FromJson(item);
                    if (error is not null) return (null, error);
                    items.Add(scalar!);
                }
                return (ListOf(items), null);
            default:
                return (null, "must be a string, a number, a boolean or a list of those.");
        }
    }

    /// <summary>Writes the plain JSON value.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case AttributeKind.String: writer.WriteStringValue(Text); break;
            case AttributeKind.Number: writer.WriteNumberValue(Number); break;
            case AttributeKind.Boolean: writer.WriteBooleanValue(Flag); break;
            default:
                writer.WriteStartArray();
                foreach (var item in Items) item.WriteTo(writer);
                writer.WriteEndArray();
                break;
        }
    }
}

/// <summary>Reads and writes <see cref="AttributeValue"/> as the plain JSON value.</summary>
public sealed class AttributeValueJsonConverter : JsonConverter<AttributeValue>
{
    public override AttributeValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var (value, error) = AttributeValue.FromJson(document.RootElement);
        return value ?? throw new JsonException($"an attribute value {error}");
    }

    public override void Write(Utf8JsonWriter writer, AttributeValue value, JsonSerializerOptions options) => value.WriteTo(writer);
}
