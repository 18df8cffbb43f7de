using System.Text.Json;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Content;

/// <summary>Catalog lines grouped into products: lines with the same value of the grouping field are one product with several photos.</summary>
public sealed class CatalogGroupingTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("grouping");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_grocery_catalog_grouped_by_label_is_81_products_with_all_their_photos()
    {
        var path = Path.Combine(TestPaths.GroceryDataset, "catalog.jsonl");

        var (grouped, count) = CatalogProducts.Survey(path, "label");
        var products = CatalogProducts.Read(path, "label", grouped, maxPhotos: 1000).Select(p => p.Product!).ToList();

        Assert.True(grouped);
        Assert.Equal(81, count);
        Assert.Equal(81, products.Count);
        Assert.Equal(File.ReadLines(path).Count(l => l.Length > 0), products.Sum(p => p.Images.Length));
        var labels = File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(labels.Distinct().Order(), products.Select(p => p.Id).Order());
        Assert.All(products, p => Assert.False(p.Attributes.ContainsKey("label")));
    }

    [Fact]
    public void Lines_without_the_field_stay_products_of_their_own_and_too_many_photos_fail_the_group()
    {
        var path = Path.Combine(_directory, "catalog.jsonl");
        File.WriteAllLines(path,
        [
            """{"id": "a1", "productId": "shoe", "image": "1.jpg", "title": "Runner"}""",
            """{"id": "single", "image": "x.jpg", "title": "Alone"}""",
            """{"id": "a2", "productId": "shoe", "images": ["2.jpg", "3.jpg"], "category": "Shoes", "colour": "red"}""",
            """{"id": "b1", "productId": "big", "images": ["1.jpg", "2.jpg", "3.jpg"]}""",
            """{"id": "b2", "productId": "big", "image": "4.jpg"}""",
            """{"id": "bad", "images": "not-a-list.jpg"}""",
        ]);

        var (grouped, count) = CatalogProducts.Survey(path, CatalogProducts.DefaultGroupField);
        var items = CatalogProducts.Read(path, CatalogProducts.DefaultGroupField, grouped, maxPhotos: 3).ToList();

        Assert.True(grouped);
        Assert.Equal(4, count); // shoe, single, big, and the bad line counted as one
        var shoe = items[0].Product!;
        Assert.Equal(("shoe", "Runner", "Shoes"), (shoe.Id, shoe.Title, shoe.Category));
        Assert.Equal(["1.jpg", "2.jpg", "3.jpg"], shoe.Images.ToArray());
        Assert.Equal("red", shoe.Attributes["colour"].Text);
        Assert.Equal("single", items[1].Product!.Id);
        Assert.Contains(items, i => i.Failure is { Id: "big" } failure && failure.Reason.Contains("at most 3", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Failure is { LineNumber: 6 } failure && failure.Reason.Contains("'images'", StringComparison.Ordinal));
    }
}
