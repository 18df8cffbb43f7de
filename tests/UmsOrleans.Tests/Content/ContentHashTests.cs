using System.Collections.Immutable;
using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Ingestion;

namespace UmsOrleans.Tests.Content;

public sealed class ContentHashTests
{
    private static readonly ProductDraft Draft = new("p", "Oat milk", "Milk", "Creamy.",
        ImmutableDictionary<string, AttributeValue>.Empty.Add("brand", AttributeValue.Of("Oatly")), [], [new DraftPhoto([1, 2, 3])]);

    [Fact]
    public void Equal_content_hashes_equal_and_is_sha256_hex()
    {
        var hash = ContentHash.Compute("default", Draft);
        Assert.Equal(hash, ContentHash.Compute("default", Draft with { Photos = [new DraftPhoto([1, 2, 3], "images[0]")], FieldPrefix = "line 9" }));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void Every_part_of_the_content_changes_the_hash()
    {
        var variants = new[]
        {
            ContentHash.Compute("default", Draft),
            ContentHash.Compute("other-model", Draft),
            ContentHash.Compute("default", Draft with { Photos = [new DraftPhoto([1, 2, 4])] }),
            ContentHash.Compute("default", Draft with { Photos = [] }),
            ContentHash.Compute("default", Draft with { Photos = [new DraftPhoto([1, 2, 3]), new DraftPhoto([4])] }),
            ContentHash.Compute("default", Draft with { Photos = [new DraftPhoto([1, 2, 3]), new DraftPhoto([5])] }),
            ContentHash.Compute("default", Draft with { Title = "Oat milk " }),
            ContentHash.Compute("default", Draft with { Title = "Oat", Category = "milkMilk" }),
            ContentHash.Compute("default", Draft with { Description = null }),
            ContentHash.Compute("default", Draft with { Attributes = Draft.Attributes.SetItem("brand", AttributeValue.Of("Alpro")) }),
            ContentHash.Compute("default", Draft with { Attributes = Draft.Attributes.SetItem("brand", AttributeValue.ListOf([AttributeValue.Of("Oatly")])) }),
            ContentHash.Compute("default", Draft with { Vectors = [SpaceVector.FromFloats("text", [1f, 0f])] }),
        };
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }
}
