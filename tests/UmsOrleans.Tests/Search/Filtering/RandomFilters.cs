using System.Text.Json.Nodes;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Search.Filtering;

/// <summary>
/// Seeded random filter JSON: nested must/should/mustNot (empty lists too), every condition type on every key
/// of <see cref="RandomCatalog"/>, the category shorthand, and an attribute no product has.
/// </summary>
public sealed class RandomFilters(int seed)
{
    private static readonly string[] AllKeys =
        ["category", .. RandomCatalog.Keys.Select(k => "attributes." + k.Name), "attributes.nobody"];

    private readonly Random _random = new(seed);
    private readonly RandomCatalog _values = new(seed + 1);

    public JsonObject Next() => NextBool(depth: 1);

    private JsonNode NextClause(int depth) => depth < 4 && _random.Next(4) == 0 ? NextBool(depth) : NextCondition();

    private JsonObject NextBool(int depth)
    {
        var clause = new JsonObject();
        foreach (var list in (string[])["must", "should", "mustNot"])
        {
            if (_random.Next(2) == 0) continue;
            // Short lists: long must lists select nothing and long should lists everything, which proves little.
            var items = new JsonArray();
            for (var i = _random.Next(list == "should" ? 4 : 3); i > 0; i--) items.Add(NextClause(depth + 1));
            clause[list] = items;
        }
        if (_random.Next(8) == 0) clause["category"] = RandomCatalog.Categories[_random.Next(RandomCatalog.Categories.Length)];
        return clause;
    }

    private JsonObject NextCondition()
    {
        var key = AllKeys[_random.Next(AllKeys.Length)];
        var condition = new JsonObject { ["key"] = key };
        switch (_random.Next(4))
        {
            case 0:
                condition["match"] = ToJson(NextValue(key));
                break;
            case 1:
                condition["in"] = new JsonArray([.. Enumerable.Range(0, 1 + _random.Next(4)).Select(_ => ToJson(NextValue(key)))]);
                break;
            case 2:
                var range = new JsonObject();
                if (_random.Next(3) != 0) range[_random.Next(2) == 0 ? "gte" : "gt"] = _values.NextNumber();
                if (range.Count == 0 || _random.Next(2) == 0) range[_random.Next(2) == 0 ? "lte" : "lt"] = _values.NextNumber();
                condition["range"] = range;
                break;
            default:
                condition["exists"] = _random.Next(2) == 0;
                break;
        }
        return condition;
    }

    // Mostly a value of the kind the key holds, so that conditions split the catalog; sometimes any kind.
    private AttributeValue NextValue(string key) => _random.Next(5) == 0 ? _values.NextScalar() : key switch
    {
        "category" => AttributeValue.Of(RandomCatalog.Categories[_random.Next(RandomCatalog.Categories.Length)]),
        "attributes.colour" => AttributeValue.Of(_values.NextText()),
        "attributes.price" => AttributeValue.Of(_values.NextNumber()),
        "attributes.organic" => AttributeValue.Of(_random.Next(2) == 0),
        _ => _values.NextScalar(),
    };

    private static JsonNode ToJson(AttributeValue value) => value.Kind switch
    {
        AttributeKind.String => JsonValue.Create(value.Text!),
        AttributeKind.Number => JsonValue.Create(value.Number),
        _ => JsonValue.Create(value.Flag),
    };
}
