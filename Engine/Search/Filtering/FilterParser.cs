using System.Collections.Immutable;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// Reads the request's <c>filter</c> JSON into a <see cref="ProductFilter"/>, or names the first faulty part by its
/// JSON path. A clause is a condition (an object with <c>key</c>) or an object of <c>must</c>/<c>should</c>/<c>mustNot</c>
/// lists; <c>{"category": "Milk"}</c> is kept as shorthand for a match on the category.
/// </summary>
public sealed class FilterParser
{
    private static readonly string[] Operators = ["match", "in", "range", "exists"];

    private int _conditions;

    private FilterParser()
    {
    }

    public static (ProductFilter? Filter, FilterParseError? Error) Parse(JsonElement element, string path = "filter")
    {
        try
        {
            return (new ProductFilter(new FilterParser().ParseClause(element, path, depth: 1)), null);
        }
        catch (InvalidFilterException invalid)
        {
            return (null, invalid.Error);
        }
    }

    private FilterClause ParseClause(JsonElement element, string path, int depth)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(path, "must be an object: a condition such as {\"key\": \"attributes.colour\", \"match\": \"red\"}, or {\"must\": [...], \"should\": [...], \"mustNot\": [...]}.");
        }
        return element.TryGetProperty("key", out _) ? ParseCondition(element, path) : ParseBool(element, path, depth);
    }

    private BoolClause ParseBool(JsonElement element, string path, int depth)
    {
        if (depth > FilterLimits.MaxDepth) throw Invalid(path, $"nests must/should/mustNot deeper than {FilterLimits.MaxDepth} levels.");
        var must = ImmutableArray.CreateBuilder<FilterClause>();
        var should = ImmutableArray.CreateBuilder<FilterClause>();
        var mustNot = ImmutableArray.CreateBuilder<FilterClause>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            if (!seen.Add(property.Name)) throw Invalid(propertyPath, "appears twice.");
            switch (property.Name)
            {
                case "must": ParseList(property.Value, propertyPath, depth, must); break;
                case "should": ParseList(property.Value, propertyPath, depth, should); break;
                case "mustNot": ParseList(property.Value, propertyPath, depth, mustNot); break;
                case FilterKey.CategoryKey:
                    if (property.Value.ValueKind != JsonValueKind.String) throw Invalid(propertyPath, "must be a string (the category to match).");
                    must.Add(CountCondition(new MatchCondition(FilterKey.Category, AttributeValue.Of(ReadText(property.Value, propertyPath))), propertyPath));
                    break;
                default:
                    throw Invalid(propertyPath, "is not a filter field: a filter has 'must', 'should' and 'mustNot' lists of conditions such as {\"key\": \"attributes.colour\", \"match\": \"red\"}.");
            }
        }
        return new BoolClause(must.ToImmutable(), should.ToImmutable(), mustNot.ToImmutable());
    }

    private void ParseList(JsonElement element, string path, int depth, ImmutableArray<FilterClause>.Builder into)
    {
        if (element.ValueKind != JsonValueKind.Array) throw Invalid(path, "must be a list of conditions.");
        var index = 0;
        foreach (var item in element.EnumerateArray()) into.Add(ParseClause(item, $"{path}[{index++}]", depth + 1));
    }

    private FilterCondition ParseCondition(JsonElement element, string path)
    {
        var keyElement = element.GetProperty("key");
        if (keyElement.ValueKind != JsonValueKind.String) throw Invalid($"{path}.key", "must be a string: 'category' or 'attributes.<name>'.");
        var keyText = keyElement.GetString()!;
        if (!FilterKey.TryParse(keyText, out var key) || keyText.Length > FilterLimits.MaxTextLength)
        {
            var hint = keyText.Length > 0 && !keyText.Contains('.') ? $" (did you mean 'attributes.{keyText}'?)" : "";
            throw Invalid($"{path}.key", $"must be 'category' or 'attributes.<name>'{hint}.");
        }
        string? operatorName = null;
        JsonElement operand = default;
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "key") continue;
            var propertyPath = $"{path}.{property.Name}";
            if (!Operators.Contains(property.Name)) throw Invalid(propertyPath, "is not a condition field: a condition has 'key' and one of 'match', 'in', 'range' or 'exists'.");
            if (operatorName is not null) throw Invalid(propertyPath, $"a condition takes one of 'match', 'in', 'range' or 'exists' ('{operatorName}' is already given); combine conditions in 'must' or 'should'.");
            (operatorName, operand) = (property.Name, property.Value);
        }
        if (operatorName is null) throw Invalid(path, "needs one of 'match', 'in', 'range' or 'exists' beside 'key'.");
        var operandPath = $"{path}.{operatorName}";
        FilterCondition condition = operatorName switch
        {
            "match" => new MatchCondition(key, ParseScalar(operand, operandPath)),
            "in" => new InCondition(key, ParseValues(operand, operandPath)),
            "range" => ParseRange(key, operand, operandPath),
            _ => operand.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? new ExistsCondition(key, operand.GetBoolean())
                : throw Invalid(operandPath, "must be true or false."),
        };
        return CountCondition(condition, path);
    }

    private FilterCondition CountCondition(FilterCondition condition, string path) =>
        ++_conditions > FilterLimits.MaxConditions ? throw Invalid(path, $"is one condition too many: a filter holds at most {FilterLimits.MaxConditions} conditions.") : condition;

    private static ImmutableArray<AttributeValue> ParseValues(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Array) throw Invalid(path, "must be a list of strings, numbers or booleans.");
        var count = element.GetArrayLength();
        if (count == 0) throw Invalid(path, "must list at least one value.");
        if (count > FilterLimits.MaxInValues) throw Invalid(path, $"lists more than {FilterLimits.MaxInValues} values.");
        var values = ImmutableArray.CreateBuilder<AttributeValue>(count);
        var index = 0;
        foreach (var item in element.EnumerateArray()) values.Add(ParseScalar(item, $"{path}[{index++}]"));
        return values.MoveToImmutable();
    }

    private static AttributeValue ParseScalar(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.String => AttributeValue.Of(ReadText(element, path)),
        JsonValueKind.Number => AttributeValue.Of(ReadNumber(element, path)),
        JsonValueKind.True or JsonValueKind.False => AttributeValue.Of(element.GetBoolean()),
        JsonValueKind.Array => throw Invalid(path, "must be one string, number or boolean; to match any of several values use 'in'."),
        _ => throw Invalid(path, "must be a string, a number or a boolean."),
    };

    private RangeCondition ParseRange(FilterKey key, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object) throw Invalid(path, "must be an object of bounds such as {\"gte\": 10, \"lt\": 20}.");
        double? gte = null, gt = null, lte = null, lt = null;
        foreach (var property in element.EnumerateObject())
        {
            var boundPath = $"{path}.{property.Name}";
            if (property.Value.ValueKind != JsonValueKind.Number && property.Name is "gte" or "gt" or "lte" or "lt") throw Invalid(boundPath, "must be a number.");
            switch (property.Name)
            {
                case "gte" or "gt" when gte is not null || gt is not null:
                    throw Invalid(boundPath, "give one lower bound: 'gte' or 'gt', once.");
                case "lte" or "lt" when lte is not null || lt is not null:
                    throw Invalid(boundPath, "give one upper bound: 'lte' or 'lt', once.");
                case "gte": gte = ReadNumber(property.Value, boundPath); break;
                case "gt": gt = ReadNumber(property.Value, boundPath); break;
                case "lte": lte = ReadNumber(property.Value, boundPath); break;
                case "lt": lt = ReadNumber(property.Value, boundPath); break;
                default: throw Invalid(boundPath, "is not a range bound: use 'gte', 'gt', 'lte' or 'lt'.");
            }
        }
        if (gte is null && gt is null && lte is null && lt is null) throw Invalid(path, "needs at least one bound: 'gte', 'gt', 'lte' or 'lt'.");
        return new RangeCondition(key, gte, gt, lte, lt);
    }

    private static double ReadNumber(JsonElement element, string path) =>
        element.TryGetDouble(out var number) && double.IsFinite(number) ? number : throw Invalid(path, "is a number out of range.");

    private static string ReadText(JsonElement element, string path)
    {
        var text = element.GetString()!;
        return text.Length <= FilterLimits.MaxTextLength ? text : throw Invalid(path, $"is longer than {FilterLimits.MaxTextLength} characters.");
    }

    private static InvalidFilterException Invalid(string path, string message) => new(new FilterParseError(path, message));

    /// <summary>Unwinds the recursive descent to <see cref="Parse"/>; never leaves this class.</summary>
    private sealed class InvalidFilterException(FilterParseError error) : Exception(error.ToString())
    {
        public FilterParseError Error { get; } = error;
    }
}
