using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>One photo's inputs to the image tower: pixels [3, 224, 224], OCR ids and mask [30], boxes [30 × 4].</summary>
public sealed record ReferenceImageInput(float[] Pixels, long[] OcrIds, long[] OcrMask, float[] OcrBoxes);

/// <summary>The image tower's two L2-normalised outputs.</summary>
public sealed record ReferenceImageEmbeddings(float[] Image, float[] Fusion);

/// <summary>
/// An independent forward pass of the UMS vision-language models, written from UMS_VL_SPEC §3 (Product1M
/// <c>VistaBase</c>) and §4 (COCO-CTC <c>VistaBaseShare</c>), the layout told from the key names (§10.2–3).
/// </summary>
public sealed class ReferenceVista
{
    private const string Backbone = "image_cls.backbone.";
    private const int FusionDepth = 2;

    private readonly ReferenceWeights _weights;
    private readonly ReferenceVitEncoder _vit;
    private readonly ReferenceBertEncoder _ocrPreEncoder;
    private readonly ReferenceBertEncoder _ocrFusion;
    private readonly ReferenceBertEncoder _text;
    private readonly string _ocrPosition;

    public ReferenceVista(ReferenceWeights weights, int heads = 12)
    {
        _weights = weights;
        Layout = weights.Layout;
        _vit = new ReferenceVitEncoder(weights, Backbone, heads);
        _text = new ReferenceBertEncoder(weights, "text_model.", heads);
        _ocrFusion = new ReferenceBertEncoder(weights, Backbone + "scene_text_model.", heads);
        // §4 step 2–3: Share runs the OCR embeddings and first layers in the caption BERT, with a top-level box projection.
        _ocrPreEncoder = Layout == VistaLayout.VistaBaseShare ? _text : _ocrFusion;
        _ocrPosition = Layout == VistaLayout.VistaBaseShare ? "ocr_pos_projection." : Backbone + "ocr_pos_projection.";
    }

    public VistaLayout Layout { get; }

    public int Width => _vit.Width;

    /// <summary>§3.2 steps 1–6 and 8: image and fusion embeddings of one photo and its scene text.</summary>
    public ReferenceImageEmbeddings EmbedImage(ReferenceImageInput input)
    {
        var d = Width;
        var tokenTypes = _weights[Backbone + "token_type_embeddings.weight"];

        // 1. Image pre-encoder: token type 0 on every image token, then the position embedding, then the first blocks.
        var image = _vit.Patches(input.Pixels);
        var imageTokens = image.Length / d;
        var position = _weights[Backbone + "pos_embed"];
        for (var t = 0; t < imageTokens; t++)
        for (var i = 0; i < d; i++)
        {
            image[t * d + i] += tokenTypes[i] + position[t * d + i];
        }
        var preBlocks = _vit.Depth - FusionDepth;
        for (var b = 0; b < preBlocks; b++) _vit.Block(image, imageTokens, b);

        // 2–3. OCR pre-encoder, then the box projection added after its last pre-fusion layer.
        var ocrLength = input.OcrIds.Length;
        var ocrMask = ReferenceBertEncoder.AdditiveMask(input.OcrMask);
        var sceneText = _ocrPreEncoder.Embed(input.OcrIds);
        var preLayers = _ocrFusion.Depth - FusionDepth;
        for (var l = 0; l < preLayers; l++) sceneText = _ocrPreEncoder.Layer(sceneText, ocrLength, l, ocrMask);
        ReferenceMath.Add(sceneText, _weights.Linear(input.OcrBoxes, ocrLength, _ocrPosition));

        // 4. The learned fusion token, the same for every sample (ViT token type 2).
        var fusion = new float[d];
        float[] fusionToken = _weights[Backbone + "fusion_token"], fusionPosition = _weights[Backbone + "fusion_pos_embed"];
        for (var i = 0; i < d; i++) fusion[i] = fusionToken[i] + tokenTypes[2 * d + i] + fusionPosition[i];

        // 5. Paired streams: the image side appends the fusion token, the text side prepends it (mask 1 for it).
        var fusionMask = ReferenceBertEncoder.AdditiveMask([1L, .. input.OcrMask]);
        float[] imageStream = [], textStream = [];
        for (var i = 0; i < FusionDepth; i++)
        {
            imageStream = [.. image, .. fusion];
            _vit.Block(imageStream, imageTokens + 1, preBlocks + i);
            textStream = _ocrFusion.Layer([.. fusion, .. sceneText], ocrLength + 1, preLayers + i, fusionMask);
            fusion = imageStream.AsSpan(imageTokens * d, d).ToArray();
            ReferenceMath.Add(fusion, textStream.AsSpan(0, d));
            image = imageStream.AsSpan(0, imageTokens * d).ToArray();
            sceneText = textStream.AsSpan(d).ToArray();
        }

        // 6. The ViT's final norm on both streams' last outputs; Share normalises the fused vector once more.
        var imageCls = _vit.Norm(imageStream.AsSpan(0, d));
        var fused = _vit.Norm(imageStream.AsSpan(imageTokens * d, d));
        ReferenceMath.Add(fused, _vit.Norm(textStream.AsSpan(0, d)));
        if (Layout == VistaLayout.VistaBaseShare) fused = _vit.Norm(fused);

        return new ReferenceImageEmbeddings(Project(imageCls, "image_projection."), Project(fused, "fusion_projection."));
    }

    /// <summary>§3.2 steps 7–8: the title/caption BERT's [CLS] hidden state, projected and L2-normalised.</summary>
    public float[] EmbedText(long[] ids, long[] mask)
    {
        var additive = ReferenceBertEncoder.AdditiveMask(mask);
        var x = _text.Embed(ids);
        for (var l = 0; l < _text.Depth; l++) x = _text.Layer(x, ids.Length, l, additive);
        return Project(x.AsSpan(0, Width).ToArray(), "text_projection.");
    }

    private float[] Project(float[] vector, string head) => ReferenceMath.L2Normalize(_weights.Linear(vector, 1, head));
}
