using UmsOrleans.Engine.Catalog;
using UmsOrleans.Engine.Search.Ann;

namespace UmsOrleans.Tests.Search;

public sealed class HnswSettingsTests
{
    [Theory]
    [InlineData(AnnPrecision.I8)]
    [InlineData(AnnPrecision.Bf16)]
    [InlineData(AnnPrecision.F16)]
    public void Stored_settings_keep_the_graph_precision(AnnPrecision precision)
    {
        var spec = new CollectionSpec("c", 2, [new VectorSpace("image", 8)], Index: AnnIndexSpec.Hnsw(m: 8, precision: precision));

        var back = StoredCollectionSettings.Deserialize("c", StoredCollectionSettings.Serialize(spec));

        Assert.Equal(spec.Index, back.Index);
        Assert.True(back.HasSameSettings(spec));
        Assert.Equal(precision != AnnPrecision.F16, !back.HasSameSettings(spec with { Index = AnnIndexSpec.Hnsw(m: 8, precision: AnnPrecision.F16) }));
    }

    [Fact]
    public void Settings_stored_before_the_precision_existed_read_as_the_default_and_an_unknown_one_is_refused()
    {
        var old = StoredCollectionSettings.Deserialize("c", """{"shards":2,"spaces":[{"name":"image","dimension":8}],"index":{"type":"hnsw","m":16,"efConstruction":200,"ef":64}}""");
        Assert.Equal(AnnIndexSpec.Hnsw(), old.Index);
        Assert.Equal(AnnIndexSpec.DefaultPrecision, old.Index!.Precision);

        Assert.Throws<InvalidDataException>(() => StoredCollectionSettings.Deserialize("c",
            """{"shards":2,"spaces":[{"name":"image","dimension":8}],"index":{"type":"hnsw","m":16,"efConstruction":200,"ef":64,"precision":"f8"}}"""));
    }

    [Fact]
    public void The_memory_estimate_prices_the_graph_vectors_at_their_precision()
    {
        // The links are the same; the vector takes d bytes at int8 and 2·d at bfloat16 and float16 (512-d: 512 bytes apart).
        Assert.Equal(512, AnnRows.EstimateBytesPerRow(512, 16, AnnPrecision.F16) - AnnRows.EstimateBytesPerRow(512, 16, AnnPrecision.I8));
        Assert.Equal(AnnRows.EstimateBytesPerRow(512, 16, AnnPrecision.F16), AnnRows.EstimateBytesPerRow(512, 16, AnnPrecision.Bf16));
    }

    [Theory]
    [InlineData("i8", AnnPrecision.I8)]
    [InlineData("BF16", AnnPrecision.Bf16)]
    [InlineData("f16", AnnPrecision.F16)]
    public void A_precision_reads_back_from_its_name_in_any_case(string name, AnnPrecision precision)
    {
        Assert.True(AnnPrecisionNames.TryParse(name, out var parsed));
        Assert.Equal(precision, parsed);
        Assert.Equal(name.ToLowerInvariant(), parsed.Name());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2")]
    [InlineData("I8, F16")]
    [InlineData("f32")]
    public void Enum_numbers_and_combinations_are_not_precision_names(string name) =>
        Assert.False(AnnPrecisionNames.TryParse(name, out _));
}
