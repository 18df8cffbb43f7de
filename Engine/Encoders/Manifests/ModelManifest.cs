using System.Text.Json.Serialization;

namespace UmsOrleans.Engine.Encoders.Manifests;

/// <summary>
/// What a model is and how inputs become vectors: its spaces, an image encoder and/or a text encoder, and
/// which product fields feed which space. File names are relative to the manifest's folder; a name of the
/// form <c>Assembly.dll#Resource.Name</c> is a manifest resource inside that assembly (read, never loaded).
/// </summary>
public sealed record ModelManifest
{
    public required string Name { get; init; }

    /// <summary>What the model is, for people (optional).</summary>
    public string? Description { get; init; }

    /// <summary>Where the model came from, e.g. the checkpoint file and its SHA-256 (optional).</summary>
    public IReadOnlyDictionary<string, string>? Source { get; init; }

    public required IReadOnlyList<ManifestSpace> Spaces { get; init; }

    public ImageEncoderSpec? Image { get; init; }

    public TextEncoderSpec? Text { get; init; }

    /// <summary>Product fields in the order their texts are joined, each with the space it feeds.</summary>
    public IReadOnlyList<FieldMapping> Fields { get; init; } = [];

    /// <summary>An aligned model (one space for images and texts): a text query may search the image space.</summary>
    public bool AlignedTextSearchesImage { get; init; }

    /// <summary>
    /// Weights of the keyword fields (<c>title</c>, <c>category</c>, <c>description</c>, <c>attributes</c>,
    /// <c>sceneText</c>) for collections of this model; fields not named keep the defaults (title 3, others 1).
    /// </summary>
    public IReadOnlyDictionary<string, float>? KeywordWeights { get; init; }

    /// <summary>The folder the manifest was read from; model files are resolved against it.</summary>
    [JsonIgnore]
    public string BaseDirectory { get; init; } = "";

    public ManifestSpace? FindSpace(string name) => Spaces.FirstOrDefault(s => s.Name == name);
}

public sealed record ManifestSpace(string Name, int Dimension);

/// <summary>One product field (<c>photo</c>, <c>title</c>, <c>category</c>, <c>description</c>) and its space.</summary>
public sealed record FieldMapping(string Field, string Space);

public enum TensorLayout
{
    Nchw,
    Nhwc,
}

public enum ChannelOrder
{
    Rgb,
    Bgr,
}

public enum Pooling
{
    /// <summary>The output is already one vector per item (e.g. [B, D] or [B, D, 1, 1]).</summary>
    None,
    /// <summary>First token of a [B, T, D] output.</summary>
    Cls,
    /// <summary>Mean over the real tokens (attention mask) of a [B, T, D] output.</summary>
    Mean,
}

public sealed record ImageEncoderSpec
{
    public required string Space { get; init; }

    public required string Onnx { get; init; }

    public required string Input { get; init; }

    public required string Output { get; init; }

    public TensorLayout Layout { get; init; } = TensorLayout.Nchw;

    public Pooling Pooling { get; init; } = Pooling.None;

    public bool Normalize { get; init; } = true;

    public required ImagePreprocessing Preprocessing { get; init; }

    /// <summary>
    /// Scene text (OCR) the image model reads beside the pixels, as the UMS vision-language image towers do (spec
    /// §7.4); null for pixel-only models.
    /// </summary>
    public SceneTextInputSpec? SceneText { get; init; }

    /// <summary>
    /// A second output of the image model: the fusion embedding (image + scene text). Described, not searched —
    /// the published evaluation computes it and throws it away.
    /// </summary>
    public string? FusionOutput { get; init; }
}

/// <summary>
/// How a photo's OCR lines become the image model's scene-text inputs (spec §7.4): the lines' strings joined by
/// spaces and tokenised with <see cref="Vocab"/> to <see cref="MaxLength"/> ids ([CLS] … [SEP], padded with 0), a
/// 0/1 mask, and one box per word-piece ([MaxLength × 4] float: x0/W, y0/H, x1/W, y1/H of the original photo;
/// [0,0,1,1] for [CLS] and [SEP], zeros for padding). A photo without text still gets [CLS][SEP].
/// </summary>
public sealed record SceneTextInputSpec
{
    /// <summary>BERT WordPiece vocabulary of the OCR stream, one piece a line.</summary>
    public required string Vocab { get; init; }

    public bool LowerCase { get; init; } = true;

    /// <summary>Tokens including [CLS] and [SEP] (30 for the published models).</summary>
    public int MaxLength { get; init; } = 30;

    /// <summary>int64 [batch, MaxLength].</summary>
    public string InputIds { get; init; } = "ocr_ids";

    /// <summary>int64 [batch, MaxLength], 1 for real tokens.</summary>
    public string AttentionMask { get; init; } = "ocr_mask";

    /// <summary>float32 [batch, MaxLength, 4].</summary>
    public string Boxes { get; init; } = "ocr_boxes";
}

/// <summary>
/// Shorter side to <see cref="ShorterSide"/> (Pillow-style antialiased bilinear), centre crop
/// <see cref="Crop"/>, value = (byte / <see cref="Divisor"/> − mean) / std per channel, then the optional
/// preprocessing ONNX graph (e.g. ResNet's mean-image subtraction).
/// </summary>
public sealed record ImagePreprocessing
{
    public int ShorterSide { get; init; } = 224;

    public int Crop { get; init; } = 224;

    /// <summary>255 scales to [0, 1]; 1 keeps 0–255.</summary>
    public float Divisor { get; init; } = 255f;

    public float[] Mean { get; init; } = [0f, 0f, 0f];

    public float[] Std { get; init; } = [1f, 1f, 1f];

    public ChannelOrder ChannelOrder { get; init; } = ChannelOrder.Rgb;

    public string? Onnx { get; init; }

    public string? OnnxInput { get; init; }

    public string? OnnxOutput { get; init; }
}

public sealed record TextEncoderSpec
{
    public required string Space { get; init; }

    public required string Onnx { get; init; }

    /// <summary>BERT WordPiece vocabulary, one piece a line.</summary>
    public required string Vocab { get; init; }

    public bool LowerCase { get; init; } = true;

    /// <summary>Tokens per text including [CLS] and [SEP]; longer texts keep their first pieces.</summary>
    public int MaxLength { get; init; } = 128;

    public string InputIds { get; init; } = "input_ids";

    // Written even when null: a missing key reads back as the default input name.
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? AttentionMask { get; init; } = "attention_mask";

    /// <summary>Null for a graph without a token-type input (its token types are all 0 inside the graph).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? TokenTypeIds { get; init; } = "token_type_ids";

    public required string Output { get; init; }

    public Pooling Pooling { get; init; } = Pooling.Mean;

    public bool Normalize { get; init; } = true;
}
