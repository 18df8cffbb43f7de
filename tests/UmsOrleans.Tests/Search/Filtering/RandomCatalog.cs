using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Tests.Search.Filtering;

/// <summary>A product as the tests see it: a category (or none) and attributes.</summary>
public sealed record TestProduct(string? Category, ImmutableDictionary<string, AttributeValue> Attributes)
{
    public static TestProduct Empty { get; } = new(null, ImmutableDictionary<string, AttributeValue>.Empty);
}

/// <summary>
/// Seeded random products whose attributes mix every kind: strings, numbers, booleans, lists (empty, with
/// repeats, of mixed kinds), keys missing, one key that almost no product has, and a string "4" beside the number 4.
/// </summary>
public sealed class RandomCatalog(int seed)
{
    public static readonly string[] Categories = ["Milk", "Bread", "Cheese", "Fruit", "Wine", "4"];
    public static readonly string[] Texts = ["red", "green", "blue", "Red", "4", "true", "é", ""];
    public static readonly double[] Numbers = [0, 1, 2.5, 4, -3, 10, 100.25, 7];

    // Key name, share of products having it.
    public static readonly (string Name, double Share)[] Keys =
        [("colour", 0.8), ("size", 0.6), ("price", 0.9), ("organic", 0.5), ("tags", 0.7), ("rare", 0.01), ("mixed", 0.3)];

    private readonly Random _random = new(seed);

    public TestProduct NextProduct()
    {
        var category = _random.NextDouble() < 0.9 ? Categories[_random.Next(Categories.Length)] : null;
        var attributes = ImmutableDictionary.CreateBuilder<string, AttributeValue>(StringComparer.Ordinal);
        foreach (var (name, share) in Keys)
        {
            if (_random.NextDouble() >= share) continue;
            attributes[name] = name switch
            {
                "colour" => _random.NextDouble() < 0.85 ? AttributeValue.Of(NextText()) : NextList(),
                "price" => AttributeValue.Of(NextNumber()),
                "organic" => AttributeValue.Of(_random.Next(2) == 0),
                "tags" => NextList(),
                _ => NextAnyValue(),
            };
        }
        return new TestProduct(category, attributes.ToImmutable());
    }

    public string NextText() => Texts[_random.Next(Texts.Length)];

    public double NextNumber() => Numbers[_random.Next(Numbers.Length)];

    public AttributeValue NextScalar() => _random.Next(3) switch
    {
        0 => AttributeValue.Of(NextText()),
        1 => AttributeValue.Of(NextNumber()),
        _ => AttributeValue.Of(_random.Next(2) == 0),
    };

    private AttributeValue NextAnyValue() => _random.Next(4) == 0 ? NextList() : NextScalar();

    private AttributeValue NextList() => AttributeValue.ListOf(Enumerable.Range(0, _random.Next(5)).Select(_ => NextScalar()).ToList());
}
