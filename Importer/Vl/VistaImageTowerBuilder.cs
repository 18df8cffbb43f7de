using UmsOrleans.Importer.Graphs;
using UmsOrleans.Importer.Onnx;
using static UmsOrleans.Importer.OnnxGraphBuilder;
using DataType = UmsOrleans.Importer.Onnx.TensorProto.Types.DataType;

namespace UmsOrleans.Importer.Vl;

/// <summary>
/// The image tower of a vision-language checkpoint (spec §3.2 steps 1–6 and 8, §4): photo + OCR tokens + boxes →
/// <see cref="VlGraphNames.ImageEmbedding"/> and <see cref="VlGraphNames.FusionEmbedding"/>, both L2-normalised.
/// OCR reaches the image embedding only through the fusion token fed to the last ViT block.
/// </summary>
internal static class VistaImageTowerBuilder
{
    public static ModelProto Build(VistaLayout layout, VistaDimensions d, IReadOnlyDictionary<string, CheckpointTensor> tensors,
                                   IReadOnlyDictionary<string, string> metadata)
    {
        d.Validate();
        var g = new OnnxGraphBuilder("ums_vista_image_tower");
        const int ocr = VlGraphNames.SceneTextLength;
        g.Graph.Input.Add(Tensor(VlGraphNames.Pixels, DataType.Float, BatchDimension, VistaDimensions.Channels, VistaDimensions.ImageSize, VistaDimensions.ImageSize));
        g.Graph.Input.Add(Tensor(VlGraphNames.OcrIds, DataType.Int64, BatchDimension, ocr));
        g.Graph.Input.Add(Tensor(VlGraphNames.OcrMask, DataType.Int64, BatchDimension, ocr));
        g.Graph.Input.Add(Tensor(VlGraphNames.OcrBoxes, DataType.Float, BatchDimension, ocr, VistaDimensions.BoxCoordinates));
        g.Graph.Output.Add(Tensor(VlGraphNames.ImageEmbedding, DataType.Float, BatchDimension, d.ProjectionWidth));
        g.Graph.Output.Add(Tensor(VlGraphNames.FusionEmbedding, DataType.Float, BatchDimension, d.ProjectionWidth));
        var w = new GraphWeights(g, tensors);
        var c = new GraphConstants(g, d.Width, d.Heads);
        const string P = VistaKeys.Backbone;
        var batch = OnnxLayers.BatchSize(g, VlGraphNames.Pixels);
        var preFusionLayers = d.BertLayers - VistaDimensions.FusionDepth;

        // 1. Image pre-encoder: token type 0 on every image token (cls included), then positions, blocks 0..depth-3.
        var tokens = VitOnnxBlocks.ClsAndPatches(g, w, P, VlGraphNames.Pixels, batch, VistaDimensions.PatchSize, d.Width);
        var typed = g.Node("Add", P + "tokens_typed", [tokens, w.Row(c, P + "token_type_embeddings.weight", 0)]);
        var image = g.Node("Add", P + "tokens_positioned", [typed, w[P + "pos_embed"]]);
        for (var b = 0; b < d.VitDepth - VistaDimensions.FusionDepth; b++)
        {
            image = VitOnnxBlocks.Block(g, c, w, VistaKeys.VitBlock(b), image);
        }

        // 2–3. OCR pre-encoder, then the box projection added after its last layer (not at the embeddings).
        var ocrBert = VistaKeys.OcrBert(layout);
        var ocrMask = BertOnnxBlocks.FloatMask(g, VlGraphNames.OcrMask, "ocr_mask_float");
        var ocrScores = BertOnnxBlocks.AdditiveMask(g, c, ocrMask, "ocr_attention_mask");
        var text = BertOnnxBlocks.Embeddings(g, c, w, ocrBert, VlGraphNames.OcrIds);
        for (var i = 0; i < preFusionLayers; i++)
        {
            text = BertOnnxBlocks.Layer(g, c, w, VistaKeys.BertLayer(ocrBert, i), text, ocrScores);
        }
        var boxes = OnnxLayers.Linear(g, w, VistaKeys.BoxProjection(layout), VlGraphNames.OcrBoxes);
        text = g.Node("Add", "ocr_with_boxes", [text, boxes]);

        // 4. The fusion token, the same for every sample.
        var fusionSeed = g.Node("Add", "fusion_token_typed", [w[P + "fusion_token"], w.Row(c, P + "token_type_embeddings.weight", 2)]);
        var fusionSeedPositioned = g.Node("Add", "fusion_token_positioned", [fusionSeed, w[P + "fusion_pos_embed"]]);
        var fusion = OnnxLayers.ExpandOverBatch(g, fusionSeedPositioned, batch, d.Width, "fusion_token_0");

        // 5. The paired streams: the fusion slot is last on the image side, first on the text side (never masked).
        var ones = OnnxLayers.ExpandOverBatch(g, g.Scalar("fusion_mask_one", 1f), batch, 1, "fusion_mask_slot");
        var fusionSlotMask = g.Node("Reshape", "fusion_mask_slot_2d", [ones, g.Int64s("shape_b_1", 0, 1)]);
        var fusionMask = g.Node("Concat", "fusion_mask_float", [fusionSlotMask, ocrMask], Int("axis", 1));
        var fusionScores = BertOnnxBlocks.AdditiveMask(g, c, fusionMask, "fusion_attention_mask");
        string imageOut = image, textOut = text;
        for (var k = 0; k < VistaDimensions.FusionDepth; k++)
        {
            var imageIn = g.Node("Concat", $"fusion_{k}.image_in", [image, fusion], Int("axis", 1));
            imageOut = VitOnnxBlocks.Block(g, c, w, VistaKeys.VitBlock(d.VitDepth - VistaDimensions.FusionDepth + k), imageIn);
            var textIn = g.Node("Concat", $"fusion_{k}.text_in", [fusion, text], Int("axis", 1));
            textOut = BertOnnxBlocks.Layer(g, c, w, VistaKeys.BertLayer(VistaKeys.FusionBert, preFusionLayers + k), textIn, fusionScores);
            var imageSlot = c.Tokens(imageOut, $"fusion_{k}.image_slot", VistaDimensions.ImageTokens, VistaDimensions.ImageTokens + 1);
            var textSlot = c.Tokens(textOut, $"fusion_{k}.text_slot", 0, 1);
            fusion = g.Node("Add", $"fusion_{k + 1}", [imageSlot, textSlot]);
            image = c.Tokens(imageOut, $"fusion_{k}.image_tokens", 0, VistaDimensions.ImageTokens);
            text = c.Tokens(textOut, $"fusion_{k}.text_tokens", 1);
        }

        // 6. The ViT's final norm on both streams (LayerNorm is per token, so only the tokens read are normalised).
        string Normed(string x, int token, string name) => OnnxLayers.LayerNorm(g, w, P + "norm.",
            g.Node("Gather", name, [x, c.Index(token)], Int("axis", 1)), VitOnnxBlocks.LayerNormEpsilon, name + ".normed");
        var imageCls = Normed(imageOut, 0, "image_cls");
        var fused = g.Node("Add", "fusion_cls", [Normed(imageOut, VistaDimensions.ImageTokens, "image_fusion_slot"), Normed(textOut, 0, "text_fusion_slot")]);
        if (layout == VistaLayout.VistaBaseShare)
        {
            fused = OnnxLayers.LayerNorm(g, w, P + "norm.", fused, VitOnnxBlocks.LayerNormEpsilon, "fusion_cls.normed");
        }

        // 8. Projection heads, then L2.
        OnnxLayers.L2Normalize(g, c, OnnxLayers.Project(g, w, VistaKeys.ImageProjection, imageCls, "image_projected"), VlGraphNames.ImageEmbedding);
        OnnxLayers.L2Normalize(g, c, OnnxLayers.Project(g, w, VistaKeys.FusionProjection, fused, "fusion_projected"), VlGraphNames.FusionEmbedding);
        return OnnxModels.Wrap(g.Graph, metadata);
    }
}
