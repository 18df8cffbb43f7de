using System.Text.Json;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Filtering;

namespace UmsOrleans.Tests.Search.Filtering;

public class FilterParserTests
{
    [Theory]
    [InlineData("""[]""", "filter", "must be an object")]
    [InlineData("""{"colour": "red"}""", "filter.colour", "is not a filter field")]
    [InlineData("""{"must": {"key": "category", "match": "Milk"}}""", "filter.must", "must be a list")]
    [InlineData("""{"must": [1]}""", "filter.must[0]", "must be an object")]
    [InlineData("""{"must": [{"key": "colour", "match": "red"}]}""", "filter.must[0].key", "did you mean 'attributes.colour'")]
    [InlineData("""{"must": [{"key": "attributes.", "match": "red"}]}""", "filter.must[0].key", "'category' or 'attributes.<name>'")]
    [InlineData("""{"must": [{"key": 3, "match": "red"}]}""", "filter.must[0].key", "must be a string")]
    [InlineData("""{"must": [{"key": "category"}]}""", "filter.must[0]", "needs one of")]
    [InlineData("""{"must": [{"key": "category", "match": "a", "in": ["b"]}]}""", "filter.must[0].in", "takes one of")]
    [InlineData("""{"must": [{"key": "category", "equals": "a"}]}""", "filter.must[0].equals", "is not a condition field")]
    [InlineData("""{"must": [{"key": "category", "match": ["a", "b"]}]}""", "filter.must[0].match", "use 'in'")]
    [InlineData("""{"must": [{"key": "category", "match": null}]}""", "filter.must[0].match", "string, a number or a boolean")]
    [InlineData("""{"must": [{"key": "category", "in": []}]}""", "filter.must[0].in", "at least one value")]
    [InlineData("""{"must": [{"key": "category", "in": ["a", {}]}]}""", "filter.must[0].in[1]", "string, a number or a boolean")]
    [InlineData("""{"must": [{"key": "category", "match": "a"}, {"key": "attributes.w", "match": 1}, {"key": "attributes.w", "range": {"gte": "5"}}]}""", "filter.must[2].range.gte", "must be a number")]
    [InlineData("""{"must": [{"key": "attributes.w", "range": {}}]}""", "filter.must[0].range", "at least one bound")]
    [InlineData("""{"must": [{"key": "attributes.w", "range": 5}]}""", "filter.must[0].range", "must be an object")]
    [InlineData("""{"must": [{"key": "attributes.w", "range": {"gte": 1, "gt": 2}}]}""", "filter.must[0].range.gt", "one lower bound")]
    [InlineData("""{"must": [{"key": "attributes.w", "range": {"from": 1}}]}""", "filter.must[0].range.from", "is not a range bound")]
    [InlineData("""{"must": [{"key": "attributes.w", "range": {"lt": 1e400}}]}""", "filter.must[0].range.lt", "out of range")]
    [InlineData("""{"mustNot": [{"key": "attributes.w", "exists": "yes"}]}""", "filter.mustNot[0].exists", "true or false")]
    [InlineData("""{"should": [{"must": [{"mustNot": [{"key": "category", "match": 1, "match": 2}]}]}]}""", "filter.should[0].must[0].mustNot[0].match", "already given")]
    [InlineData("""{"must": [], "must": []}""", "filter.must", "appears twice")]
    [InlineData("""{"category": 5}""", "filter.category", "must be a string")]
    public void Malformed_filters_are_refused_naming_the_json_path(string json, string path, string message)
    {
        var error = ParseError(json);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused_at_the_level_that_is_too_deep()
    {
        var json = "{}";
        for (var level = 0; level < FilterLimits.MaxDepth; level++) json = $$"""{"must": [{{json}}]}""";

        var error = ParseError(json);

        Assert.Equal("filter" + string.Concat(Enumerable.Repeat(".must[0]", FilterLimits.MaxDepth)), error.Path);
        Assert.Contains($"deeper than {FilterLimits.MaxDepth}", error.Message);
        Assert.Null(ParseError(json, wrapInOneLevelLess: true));
    }

    [Fact]
    public void More_conditions_than_the_limit_are_refused_at_the_first_one_too_many()
    {
        var conditions = Enumerable.Range(0, FilterLimits.MaxConditions + 1).Select(i => $$"""{"key": "attributes.n", "match": {{i}}}""");
        var json = $$"""{"should": [{{string.Join(",", conditions)}}]}""";

        var error = ParseError(json);

        Assert.Equal($"filter.should[{FilterLimits.MaxConditions}]", error.Path);
        Assert.Contains($"at most {FilterLimits.MaxConditions} conditions", error.Message);
    }

    [Fact]
    public void The_category_shorthand_is_a_match_on_the_category()
    {
        var filter = Parse("""{"category": "Milk"}""");

        var root = Assert.IsType<BoolClause>(filter.Root);
        var match = Assert.IsType<MatchCondition>(Assert.Single(root.Must));
        Assert.True(match.Key.IsCategory);
        Assert.Equal(AttributeValue.Of("Milk"), match.Value);
        Assert.Equal(Parse("""{"must": [{"key": "category", "match": "Milk"}]}""").Root, filter.Root);
    }

    [Fact]
    public void Unknown_attributes_are_not_errors()
    {
        var filter = Parse("""{"must": [{"key": "attributes.colour", "match": "red"}]}""");

        var match = Assert.IsType<MatchCondition>(Assert.Single(((BoolClause)filter.Root).Must));
        Assert.Equal("colour", match.Key.AttributeName);
    }

    [Fact]
    public void A_condition_alone_is_a_filter()
    {
        var filter = Parse("""{"key": "attributes.weight", "range": {"gt": 1.5, "lte": 3}}""");

        Assert.Equal(new RangeCondition(FilterKey.Attribute("weight"), null, 1.5, 3, null), filter.Root);
    }

    [Fact]
    public void Random_filters_survive_the_canonical_round_trip()
    {
        foreach (var json in FilterEvaluationTests.NextFilters(seed: 31))
        {
            var filter = FilterEvaluationTests.Parse(json);
            var canonical = filter.ToCanonicalJson();

            var again = ProductFilter.FromCanonicalJson(canonical);

            Assert.Equal(filter.Root, again.Root);
            Assert.Equal(canonical, again.ToCanonicalJson());
        }
    }

    [Fact]
    public void Canonical_json_has_one_form_for_equal_filters()
    {
        var shorthand = Parse("""{"category": "Milk", "should": [], "mustNot": [{"key": "attributes.w", "range": {"lt": 2, "gte": 0.1}}]}""");

        Assert.Equal(
            """{"must":[{"key":"category","match":"Milk"}],"mustNot":[{"key":"attributes.w","range":{"gte":0.1,"lt":2}}]}""",
            shorthand.ToCanonicalJson());
    }

    [Fact]
    public void A_damaged_canonical_string_is_a_format_error_with_the_path()
    {
        var exception = Assert.Throws<FormatException>(() => ProductFilter.FromCanonicalJson("""{"must":[{"key":"category","range":{}}]}"""));
        Assert.Contains("filter.must[0].range", exception.Message);
        Assert.Throws<FormatException>(() => ProductFilter.FromCanonicalJson("{"));
    }

    private static ProductFilter Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (filter, error) = ProductFilter.Parse(document.RootElement);
        Assert.Null(error);
        return filter!;
    }

    private static FilterParseError ParseError(string json) => ParseError(json, wrapInOneLevelLess: false)!;

    private static FilterParseError? ParseError(string json, bool wrapInOneLevelLess)
    {
        using var document = JsonDocument.Parse(json);
        var element = wrapInOneLevelLess ? document.RootElement.GetProperty("must")[0] : document.RootElement;
        var (filter, error) = ProductFilter.Parse(element);
        Assert.True(filter is null == error is not null);
        return error;
    }
}
