using System.Text.Json;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// A parsed, immutable product filter. It crosses the wire between grains as its canonical JSON
/// (<see cref="ToCanonicalJson"/>, <see cref="FromCanonicalJson"/>) and is evaluated on a shard's
/// <see cref="AttributeColumns"/> into a <see cref="ProductMask"/>.
/// </summary>
public sealed class ProductFilter
{
    internal ProductFilter(FilterClause root) => Root = root;

    /// <summary>The filter with no conditions: every product matches.</summary>
    public static ProductFilter MatchAll { get; } = new(BoolClause.MatchAll);

    public FilterClause Root { get; }

    /// <summary>Reads the request's filter JSON; the error names the JSON path, starting with <paramref name="path"/>.</summary>
    public static (ProductFilter? Filter, FilterParseError? Error) Parse(JsonElement element, string path = "filter") =>
        FilterParser.Parse(element, path);

    /// <summary>Reads what <see cref="ToCanonicalJson"/> wrote; throws <see cref="FormatException"/> for anything else that is not a valid filter.</summary>
    public static ProductFilter FromCanonicalJson(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"a filter is not valid JSON: {exception.Message}", exception);
        }
        using (document)
        {
            var (filter, error) = Parse(document.RootElement);
            return filter ?? throw new FormatException($"a filter is not valid: {error}");
        }
    }

    public string ToCanonicalJson() => CanonicalFilterWriter.Write(Root);

    /// <summary>The products among slots 0..<paramref name="productCount"/>-1 that the filter keeps.</summary>
    public ProductMask Evaluate(AttributeColumns columns, int productCount) => FilterEvaluator.Evaluate(Root, columns, productCount);

    public override string ToString() => ToCanonicalJson();
}
