using UmsOrleans.Importer.Graphs;
using UmsOrleans.Importer.Onnx;
using static UmsOrleans.Importer.OnnxGraphBuilder;
using DataType = UmsOrleans.Importer.Onnx.TensorProto.Types.DataType;

namespace UmsOrleans.Importer.Vl;

/// <summary>
/// The title / caption tower (spec §3.2 step 7–8): <c>text_model</c> over token ids with token type 0, the [CLS]
/// hidden state (not the pooler), <c>text_projection</c>, L2. Batch and sequence length are symbolic.
/// </summary>
internal static class BertTextTowerBuilder
{
    public const string SequenceDimension = "sequence";

    public static ModelProto Build(VistaDimensions d, IReadOnlyDictionary<string, CheckpointTensor> tensors,
                                   IReadOnlyDictionary<string, string> metadata)
    {
        d.Validate();
        var g = new OnnxGraphBuilder("ums_vista_text_tower");
        g.Graph.Input.Add(Tensor(VlGraphNames.TextIds, DataType.Int64, BatchDimension, SequenceDimension));
        g.Graph.Input.Add(Tensor(VlGraphNames.TextMask, DataType.Int64, BatchDimension, SequenceDimension));
        g.Graph.Output.Add(Tensor(VlGraphNames.TextEmbedding, DataType.Float, BatchDimension, d.ProjectionWidth));
        var w = new GraphWeights(g, tensors);
        var c = new GraphConstants(g, d.Width, d.Heads);

        var mask = BertOnnxBlocks.AdditiveMask(g, c, BertOnnxBlocks.FloatMask(g, VlGraphNames.TextMask, "mask_float"), "attention_scores_mask");
        var hidden = BertOnnxBlocks.Embeddings(g, c, w, VistaKeys.TextModel, VlGraphNames.TextIds);
        for (var i = 0; i < d.BertLayers; i++)
        {
            hidden = BertOnnxBlocks.Layer(g, c, w, VistaKeys.BertLayer(VistaKeys.TextModel, i), hidden, mask);
        }
        var cls = g.Node("Gather", "cls_hidden", [hidden, c.Index0], Int("axis", 1));
        OnnxLayers.L2Normalize(g, c, OnnxLayers.Project(g, w, VistaKeys.TextProjection, cls, "text_projected"), VlGraphNames.TextEmbedding);
        return OnnxModels.Wrap(g.Graph, metadata);
    }
}
