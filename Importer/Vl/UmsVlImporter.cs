namespace UmsOrleans.Importer.Vl;

/// <summary>The two vision-language checkpoint layouts of spec §3–4, told apart by their key names.</summary>
public enum VistaLayout
{
    /// <summary>Product1M (<c>VistaBase</c>): the OCR stream has its own BERT in the backbone.</summary>
    VistaBase,

    /// <summary>COCO-CTC (<c>VistaBaseShare</c>): the caption BERT also runs the OCR stream's first layers.</summary>
    VistaBaseShare,
}

/// <summary>File, input and output names of an imported vision-language model (the manifest names them too).</summary>
public static class VlGraphNames
{
    public const string ImageOnnx = "image.onnx";
    public const string TextOnnx = "text.onnx";
    public const string Vocab = "vocab.txt";

    /// <summary>float32 [batch, 3, 224, 224], normalised NCHW (§7.1).</summary>
    public const string Pixels = "pixel_values";

    /// <summary>int64 [batch, 30].</summary>
    public const string OcrIds = "ocr_ids";

    /// <summary>int64 [batch, 30].</summary>
    public const string OcrMask = "ocr_mask";

    /// <summary>float32 [batch, 30, 4].</summary>
    public const string OcrBoxes = "ocr_boxes";

    /// <summary>float32 [batch, 512], L2-normalised.</summary>
    public const string ImageEmbedding = "image_embedding";

    /// <summary>float32 [batch, 512], L2-normalised.</summary>
    public const string FusionEmbedding = "fusion_embedding";

    /// <summary>int64 [batch, sequence] (sequence ≤ 512; the manifest pads to 40).</summary>
    public const string TextIds = "input_ids";

    /// <summary>int64 [batch, sequence].</summary>
    public const string TextMask = "attention_mask";

    /// <summary>float32 [batch, 512], L2-normalised.</summary>
    public const string TextEmbedding = "text_embedding";

    public const int TextLength = 40;
    public const int SceneTextLength = 30;
}

/// <summary>What to import and how to describe it.</summary>
/// <param name="Name">Model name in the manifest.</param>
/// <param name="LowerCase">Lower-case (and strip accents) before WordPiece; null: the config folder's
/// <c>tokenizer_config.json</c> <c>do_lower_case</c> when given, otherwise true (paddlenlp's class default).</param>
/// <param name="Heads">Attention heads of every transformer (cannot be read from shapes; 12 in the published models).</param>
public sealed record UmsVlImportOptions(string Name, bool? LowerCase = null, int Heads = 12);

/// <summary>Where the importer is: a phase and bytes (or tensors) done of the phase's total.</summary>
public readonly record struct ImportProgress(string Phase, long Done, long Total);

public sealed record UmsVlImportResult(
    string ManifestPath,
    string ImageOnnxPath,
    string TextOnnxPath,
    VistaLayout Layout,
    int VocabularySize,
    bool LowerCase,
    long ParameterCount,
    IReadOnlyList<string> UnusedArrays,
    IReadOnlyList<string> Findings,
    IReadOnlyDictionary<string, string> SkippedEntries);

/// <summary>
/// Imports a UMS vision-language checkpoint (Product1M or COCO-CTC, spec §3–4) as an image tower (photo + scene
/// text → image and fusion embeddings), a text tower (title/caption → text embedding), the vocabulary and a
/// manifest. The output folder appears whole or not at all.
/// </summary>
public static class UmsVlImporter
{
    public static UmsVlImportResult Import(string pdparamsPath, string vocabPath, string outputDirectory, UmsVlImportOptions options,
                                           IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException("contract: built in the importer work");
}
