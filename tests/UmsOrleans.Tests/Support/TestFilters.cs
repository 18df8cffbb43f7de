using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Tests.Support;

/// <summary>Filters built in code, as the parser would build them from JSON.</summary>
public static class TestFilters
{
    public static ProductFilter Category(string category) => new(new MatchCondition(FilterKey.Category, AttributeValue.Of(category)));

    /// <summary>Whether the product has category <paramref name="category"/> (the brute-force side of a category filter).</summary>
    public static bool Matches(ProductFilter? filter, ProductRecord product) =>
        filter?.Root is not MatchCondition { Key.IsCategory: true } match || product.Category == match.Value.Text;
}
