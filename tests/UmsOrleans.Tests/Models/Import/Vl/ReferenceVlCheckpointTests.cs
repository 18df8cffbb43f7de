using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import.Vl;

public sealed class ReferenceVlCheckpointTests
{
    [Theory]
    [InlineData("p1m", 580)]
    [InlineData("ctc", 556)]
    public void Narrow_generated_checkpoint_reads_back_with_exactly_the_published_keys(string name, int keys)
    {
        var model = ReferenceVlModel.Named(name);
        using var checkpoint = ReferenceVlCheckpoint.Generate(model, width: 48);

        var read = PdparamsReader.Read(checkpoint.PdparamsPath);

        Assert.Equal(keys, read.Tensors.Count);
        ReferenceVlPublishedKeys.AssertExactly(read, model, width: 48);
        Assert.Equal(48, read.Tensors["image_cls.backbone.norm.weight"].Shape[0]);
        Assert.Equal([48, 512], read.Tensors["text_projection.weight"].Shape);
    }
}
