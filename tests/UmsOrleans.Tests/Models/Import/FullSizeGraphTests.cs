using Google.Protobuf;
using UmsOrleans.Importer;

namespace UmsOrleans.Tests.Models.Import;

public sealed class FullSizeGraphTests
{
    [Fact]
    public void Deit_base_16_graph_loads_with_a_symbolic_batch_and_embeds_to_768()
    {
        var config = VitConfig.DeitBase16;
        var tensors = UmsCheckpointSchemaTests.ZeroTensors(config);
        var proto = VitOnnxBuilder.Build(config, tensors, new Dictionary<string, string>());
        var model = proto.ToByteArray();
        tensors.Clear();

        // Settings a small-model comparison cannot tell apart within its tolerance: LayerNorm eps 1e-6
        // (2 per block + final), exact erf GELU (1 per block), one initializer per checkpoint key.
        var layerNorms = proto.Graph.Node.Where(n => n.OpType == "LayerNormalization").ToList();
        Assert.Equal(2 * 12 + 1, layerNorms.Count);
        Assert.All(layerNorms, n => Assert.Equal(1e-6f, Assert.Single(n.Attribute, a => a.Name == "epsilon").F));
        Assert.Equal(12, proto.Graph.Node.Count(n => n.OpType == "Erf"));
        Assert.Subset(proto.Graph.Initializer.Select(i => i.Name).ToHashSet(),
            UmsCheckpointSchema.Expected(config).Select(e => e.Name).ToHashSet());
        Assert.Equal(17, Assert.Single(proto.OpsetImport).Version);

        using var encoder = new OrtEncoder(model);

        var input = encoder.Session.InputMetadata[VitOnnxBuilder.InputName];
        Assert.Equal([-1, 3, 224, 224], input.Dimensions);
        Assert.Equal("batch", input.SymbolicDimensions[0]);
        var output = encoder.Session.OutputMetadata[VitOnnxBuilder.OutputName];
        Assert.Equal([-1, 768], output.Dimensions);
        Assert.Equal("batch", output.SymbolicDimensions[0]);

        const int batch = 2;
        var (values, shape) = encoder.Run(VitOnnxBuilder.InputName, VitOnnxBuilder.OutputName,
            new float[batch * 3 * 224 * 224], [batch, 3, 224, 224]);
        Assert.Equal([batch, 768], shape);
        // Zero weights: every LayerNorm yields its (zero) bias, and the norm floor keeps 0/0 from being NaN.
        Assert.All(values, v => Assert.Equal(0f, v));
    }
}
