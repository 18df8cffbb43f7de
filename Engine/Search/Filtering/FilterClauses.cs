using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// One node of a filter's expression tree: a <see cref="BoolClause"/> or a condition on one key. Immutable;
/// equal when the trees are equal (lists compared element by element, in order).
/// </summary>
public abstract record FilterClause;

/// <summary>
/// Every <see cref="Must"/> clause holds, at least one <see cref="Should"/> clause holds when there are any,
/// and no <see cref="MustNot"/> clause holds. With all three empty it matches every product.
/// </summary>
public sealed record BoolClause(ImmutableArray<FilterClause> Must, ImmutableArray<FilterClause> Should, ImmutableArray<FilterClause> MustNot)
    : FilterClause
{
    public static BoolClause MatchAll { get; } = new([], [], []);

    public bool Equals(BoolClause? other) =>
        other is not null && Must.SequenceEqual(other.Must) && Should.SequenceEqual(other.Should) && MustNot.SequenceEqual(other.MustNot);

    public override int GetHashCode() => HashCode.Combine(Must.Length, Should.Length, MustNot.Length);
}

/// <summary>A condition on one key: <see cref="MatchCondition"/>, <see cref="InCondition"/>, <see cref="RangeCondition"/> or <see cref="ExistsCondition"/>.</summary>
public abstract record FilterCondition(FilterKey Key) : FilterClause;

/// <summary>The key's value is <see cref="Value"/> (a string, number or boolean), or a list holding it.</summary>
public sealed record MatchCondition(FilterKey Key, AttributeValue Value) : FilterCondition(Key);

/// <summary>The key's value is one of <see cref="Values"/>, or a list holding one of them.</summary>
public sealed record InCondition(FilterKey Key, ImmutableArray<AttributeValue> Values) : FilterCondition(Key)
{
    public bool Equals(InCondition? other) => other is not null && Key == other.Key && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Values.Length);
}

/// <summary>
/// The key's value is a number within the bounds (a list: one of its numbers is). A bound left null is open;
/// at most one lower (<see cref="Gte"/>, <see cref="Gt"/>) and one upper (<see cref="Lte"/>, <see cref="Lt"/>).
/// </summary>
public sealed record RangeCondition(FilterKey Key, double? Gte, double? Gt, double? Lte, double? Lt) : FilterCondition(Key)
{
    public bool Contains(double number) =>
        (Gte is not { } gte || number >= gte) && (Gt is not { } gt || number > gt)
        && (Lte is not { } lte || number <= lte) && (Lt is not { } lt || number < lt);
}

/// <summary>
/// With <see cref="Exists"/> true: the product has a value for the key (an empty list is no value); false: it has none.
/// </summary>
public sealed record ExistsCondition(FilterKey Key, bool Exists) : FilterCondition(Key);
