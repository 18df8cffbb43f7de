using System.Text.Json;
using System.Text.Json.Nodes;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Search.Filtering;

/// <summary>
/// The filter semantics, written plainly: one product at a time, straight from the filter JSON. The truth the
/// column evaluation is compared with.
/// </summary>
public static class NaiveFilter
{
    public static bool Matches(JsonNode clause, TestProduct product)
    {
        var node = clause.AsObject();
        if (node.ContainsKey("key")) return ConditionHolds(node, product);
        var must = Clauses(node, "must").All(c => Matches(c, product));
        if (node["category"] is { } shorthand) must &= product.Category == shorthand.GetValue<string>();
        var should = Clauses(node, "should").ToList();
        var anyShould = should.Count == 0 || should.Any(c => Matches(c, product));
        var noMustNot = !Clauses(node, "mustNot").Any(c => Matches(c, product));
        return must && anyShould && noMustNot;
    }

    /// <summary>Each distinct scalar the product has for the key (a list's elements; an empty list none).</summary>
    public static List<AttributeValue> Scalars(TestProduct product, string key)
    {
        if (key == "category") return product.Category is null ? [] : [AttributeValue.Of(product.Category)];
        var name = key["attributes.".Length..];
        return product.Attributes.TryGetValue(name, out var value) ? value.Scalars.Distinct().ToList() : [];
    }

    private static IEnumerable<JsonNode> Clauses(JsonObject node, string list) =>
        node[list] is JsonArray items ? items.Select(i => i!) : [];

    private static bool ConditionHolds(JsonObject condition, TestProduct product)
    {
        var scalars = Scalars(product, condition["key"]!.GetValue<string>());
        if (condition["match"] is { } match) return scalars.Contains(Scalar(match));
        if (condition["in"] is JsonArray any) return scalars.Any(s => any.Select(v => Scalar(v!)).Contains(s));
        if (condition["exists"] is { } exists) return scalars.Count > 0 == exists.GetValue<bool>();
        var range = condition["range"]!.AsObject();
        return scalars.Any(s => s.Kind == AttributeKind.Number && Within(s.Number, range));
    }

    private static bool Within(double number, JsonObject range)
    {
        if (range["gte"] is { } gte && !(number >= gte.GetValue<double>())) return false;
        if (range["gt"] is { } gt && !(number > gt.GetValue<double>())) return false;
        if (range["lte"] is { } lte && !(number <= lte.GetValue<double>())) return false;
        if (range["lt"] is { } lt && !(number < lt.GetValue<double>())) return false;
        return true;
    }

    private static AttributeValue Scalar(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.String => AttributeValue.Of(value.GetValue<string>()),
        JsonValueKind.Number => AttributeValue.Of(value.GetValue<double>()),
        JsonValueKind.True => AttributeValue.Of(true),
        JsonValueKind.False => AttributeValue.Of(false),
        var kind => throw new ArgumentException($"not a scalar: {kind}"),
    };
}
