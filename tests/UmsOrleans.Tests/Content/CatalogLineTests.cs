using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Tests.Content;

public sealed class CatalogLineTests
{
    [Fact]
    public void Known_fields_are_read_and_every_other_field_becomes_a_text_attribute()
    {
        var (line, error) = CatalogLine.Parse(7, """
            {"id": "iconic_Oatly-Oat-Milk_Iconic", "image": "images/iconic/x.jpg", "title": "Oatly Oat Milk", "category": "Oat-Milk",
             "description": "Oat drink.", "split": "iconic", "label": 33, "organic": true, "tags": ["a", "b"], "none": null}
            """);
        Assert.Null(error);
        Assert.Equal(7, line!.LineNumber);
        Assert.Equal("iconic_Oatly-Oat-Milk_Iconic", line.Id);
        Assert.Equal(new[] { "images/iconic/x.jpg" }, line.Images.ToArray());
        Assert.Equal("Oatly Oat Milk", line.Title);
        Assert.Equal("Oat-Milk", line.Category);
        Assert.Equal("Oat drink.", line.Description);
        Assert.Equal(
            new Dictionary<string, AttributeValue>
            {
                ["split"] = AttributeValue.Of("iconic"),
                ["label"] = AttributeValue.Of(33),
                ["organic"] = AttributeValue.Of(true),
                ["tags"] = AttributeValue.ListOf([AttributeValue.Of("a"), AttributeValue.Of("b")]),
            },
            line.Attributes);
    }

    [Theory]
    [InlineData("{\"id\": \"a\",", "not valid JSON")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{\"title\": \"no id\"}", "'id'")]
    [InlineData("{\"id\": 5}", "'id' must be a string")]
    [InlineData("{\"id\": \"a\", \"image\": 3}", "'image' must be a string")]
    public void A_bad_line_is_refused_with_the_reason(string text, string reason)
    {
        var (line, error) = CatalogLine.Parse(1, text);
        Assert.Null(line);
        Assert.Contains(reason, error);
    }
}
