using UmsOrleans.Importer.Onnx;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// The towers at the published sizes, built from zero weights (only the used ones, ~0.8 GB for the larger tower), to check
/// what a narrow comparison cannot: the count and eps of every LayerNorm kind, exact GELU, the graph inputs and outputs
/// with a symbolic batch, opset 17, one initializer per used key, and the protobuf size limit.
/// </summary>
public sealed class VlFullSizeGraphTests
{
    private const int VitDepth = 12, BertLayers = 12;

    [Theory]
    [InlineData(VistaLayout.VistaBase, NarrowVlCheckpoint.Product1MVocabulary)]
    [InlineData(VistaLayout.VistaBaseShare, NarrowVlCheckpoint.CtcVocabulary)]
    public void Published_size_towers_have_the_specified_structure(VistaLayout layout, int vocabulary)
    {
        var dimensions = VistaDimensions.Published(vocabulary);
        var usedKeys = VistaSchema.Expected(layout, dimensions, withDeadFusionBlocks: false).Where(k => k.Used).Select(k => k.Name).ToHashSet();
        var initializers = new HashSet<string>();

        var tensors = SchemaTensors.Zeros(layout, dimensions, withDeadFusionBlocks: false, usedOnly: true);
        var image = VistaImageTowerBuilder.Build(layout, dimensions, tensors, new Dictionary<string, string>());
        // ViT: 2 per block + the final norm on image cls, image fusion slot, text fusion slot (+ the sum, Share).
        var extraNorm = layout == VistaLayout.VistaBaseShare ? 1 : 0;
        AssertLayerNorms(image, vit: 2 * VitDepth + 3 + extraNorm, bert: 1 + 2 * BertLayers);
        Assert.Equal(VitDepth + BertLayers, image.Graph.Node.Count(n => n.OpType == "Erf"));
        AssertValueInfo(image.Graph.Input, "pixel_values", TensorProto.Types.DataType.Float, "batch", "3", "224", "224");
        AssertValueInfo(image.Graph.Input, "ocr_ids", TensorProto.Types.DataType.Int64, "batch", "30");
        AssertValueInfo(image.Graph.Input, "ocr_mask", TensorProto.Types.DataType.Int64, "batch", "30");
        AssertValueInfo(image.Graph.Input, "ocr_boxes", TensorProto.Types.DataType.Float, "batch", "30", "4");
        AssertValueInfo(image.Graph.Output, "image_embedding", TensorProto.Types.DataType.Float, "batch", "512");
        AssertValueInfo(image.Graph.Output, "fusion_embedding", TensorProto.Types.DataType.Float, "batch", "512");
        Assert.Equal(17, Assert.Single(image.OpsetImport).Version);
        Assert.InRange(image.CalculateSize(), 700_000_000, int.MaxValue);
        initializers.UnionWith(image.Graph.Initializer.Select(i => i.Name).Where(usedKeys.Contains));
        image = null;

        var text = BertTextTowerBuilder.Build(dimensions, tensors, new Dictionary<string, string>());
        AssertLayerNorms(text, vit: 0, bert: 1 + 2 * BertLayers);
        Assert.Equal(BertLayers, text.Graph.Node.Count(n => n.OpType == "Erf"));
        AssertValueInfo(text.Graph.Input, "input_ids", TensorProto.Types.DataType.Int64, "batch", "sequence");
        AssertValueInfo(text.Graph.Input, "attention_mask", TensorProto.Types.DataType.Int64, "batch", "sequence");
        AssertValueInfo(text.Graph.Output, "text_embedding", TensorProto.Types.DataType.Float, "batch", "512");
        Assert.DoesNotContain(text.Graph.Initializer, i => i.Name.Contains("pooler") || i.Name.StartsWith("image_cls."));
        initializers.UnionWith(text.Graph.Initializer.Select(i => i.Name).Where(usedKeys.Contains));
        tensors.Clear();

        // Together the towers read every used key of the layout and nothing else from the checkpoint.
        Assert.Equal(usedKeys.Order(), initializers.Order());
    }

    private static void AssertLayerNorms(ModelProto model, int vit, int bert)
    {
        var epsilons = model.Graph.Node.Where(n => n.OpType == "LayerNormalization")
            .Select(n => Assert.Single(n.Attribute, a => a.Name == "epsilon").F).ToList();
        Assert.Equal(vit, epsilons.Count(e => e == 1e-6f));
        Assert.Equal(bert, epsilons.Count(e => e == 1e-12f));
        Assert.Equal(vit + bert, epsilons.Count);
    }

    private static void AssertValueInfo(IEnumerable<ValueInfoProto> values, string name, TensorProto.Types.DataType type, params string[] dimensions)
    {
        var value = Assert.Single(values, v => v.Name == name);
        Assert.Equal((int)type, value.Type.TensorType.ElemType);
        Assert.Equal(dimensions, value.Type.TensorType.Shape.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? d.DimParam : d.DimValue.ToString()));
    }
}
