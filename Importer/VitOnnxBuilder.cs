using UmsOrleans.Importer.Graphs;
using UmsOrleans.Importer.Onnx;
using static UmsOrleans.Importer.OnnxGraphBuilder;

namespace UmsOrleans.Importer;

/// <summary>
/// Builds the ONNX graph (opset 17) of a UMS / DeiT image encoder from its checkpoint: input
/// <see cref="InputName"/> float32 [batch, 3, size, size] (normalised NCHW), output <see cref="OutputName"/>
/// float32 [batch, width], the L2-normalised cls token after the final LayerNorm. Initializers keep the
/// checkpoint's key names; Paddle's Linear weights are [in, out], so they feed MatMul as they are.
/// </summary>
internal static class VitOnnxBuilder
{
    public const string InputName = "pixel_values";
    public const string OutputName = "embedding";
    public const int OpsetVersion = OnnxModels.OpsetVersion;

    public static ModelProto Build(VitConfig config, IReadOnlyDictionary<string, CheckpointTensor> weights,
                                   IReadOnlyDictionary<string, string> metadata)
    {
        config.Validate();
        var g = new OnnxGraphBuilder("ums_vit_image_encoder");
        g.Graph.Input.Add(BatchedFloat(InputName, VitConfig.Channels, config.ImageSize, config.ImageSize));
        g.Graph.Output.Add(BatchedFloat(OutputName, config.Width));
        var w = new GraphWeights(g, weights);
        var c = new GraphConstants(g, config.Width, config.Heads);

        var tokens = VitOnnxBlocks.ClsAndPatches(g, w, "", InputName, OnnxLayers.BatchSize(g, InputName), config.PatchSize, config.Width);
        var h = g.Node("Add", "tokens_positioned", [tokens, w["pos_embed"]]);
        for (var b = 0; b < config.Depth; b++)
        {
            h = VitOnnxBlocks.Block(g, c, w, $"blocks.{b}.", h);
        }
        var final = OnnxLayers.LayerNorm(g, w, "norm.", h, VitOnnxBlocks.LayerNormEpsilon);
        var cls = g.Node("Gather", "cls_embedding", [final, c.Index0], Int("axis", 1));
        OnnxLayers.L2Normalize(g, c, cls, OutputName);
        return OnnxModels.Wrap(g.Graph, metadata);
    }
}
