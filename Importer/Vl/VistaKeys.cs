namespace UmsOrleans.Importer.Vl;

/// <summary>Where each part of a vision-language model lives in the checkpoint, per layout (spec §3–4, §6.4).</summary>
public static class VistaKeys
{
    /// <summary>The backbone prefix <c>image_cls.backbone.</c> (P in the spec).</summary>
    public const string Backbone = "image_cls.backbone.";

    public const string TextModel = "text_model.";
    public const string BackboneBert = Backbone + "scene_text_model.";
    public const string DeadFusionBlocks = Backbone + "scene_text_fusion_blocks.";

    public const string ImageProjection = "image_projection.weight";
    public const string TextProjection = "text_projection.weight";
    public const string FusionProjection = "fusion_projection.weight";

    /// <summary>The Linear(4 → width) of the OCR boxes: inside the backbone (VistaBase) or at the top level (Share).</summary>
    public static string BoxProjection(VistaLayout layout) =>
        layout == VistaLayout.VistaBase ? Backbone + "ocr_pos_projection" : "ocr_pos_projection";

    /// <summary>The BERT that embeds the OCR tokens and runs its layers before the fusion: the backbone's own
    /// (VistaBase) or the caption BERT (Share, <c>pre_encoder_scene_text_share</c>).</summary>
    public static string OcrBert(VistaLayout layout) => layout == VistaLayout.VistaBase ? BackboneBert : TextModel;

    /// <summary>The BERT whose last two layers run the text side of the fusion: the backbone's in both layouts.</summary>
    public const string FusionBert = BackboneBert;

    public static string VitBlock(int index) => $"{Backbone}blocks.{index}.";

    public static string BertLayer(string bert, int index) => $"{bert}encoder.layers.{index}.";
}
