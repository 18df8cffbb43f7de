namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>One encoded input: its vector, or why it could not be encoded (e.g. an image that does not decode).</summary>
public sealed record EncodeResult(float[]? Vector, string? Error)
{
    public static EncodeResult Ok(float[] vector) => new(vector, null);

    public static EncodeResult Failed(string error) => new(null, error);
}

/// <summary>
/// One image to encode: its file, the key of its OCR file from the list (CTC's <c>ocr_idx</c>), and for models
/// that read scene text the OCR strings to feed them (read from the dataset's OCR files); null lets the encoder
/// read the photo itself (the OCR engine), an empty list means "no text".
/// </summary>
public sealed record ImageInput(string Path, string? OcrKey = null, IReadOnlyList<Encoders.Text.SceneTextString>? SceneText = null);

/// <summary>
/// What an evaluation run needs from a model: batches of images (paths) and texts turned into vectors,
/// one result per input in input order. A modality the model lacks has a null dimension. Implementations
/// may spread a batch over the cluster's encoder grains; the run only awaits the results.
/// </summary>
public interface IEvaluationEncoder
{
    string Model { get; }

    int? ImageDimension { get; }

    int? TextDimension { get; }

    /// <summary>The name of the space the model's image vectors belong to (what an adapter's map must read).</summary>
    string ImageSpace => "image";

    /// <summary>The name of the space the model's text vectors belong to.</summary>
    string TextSpace => "text";

    /// <summary>Texts and images land in one shared space (an aligned, CLIP-like model), so either can search the other.</summary>
    bool Aligned => false;

    /// <summary>The image tower reads the photo's scene text (OCR strings, <see cref="ImageInput.SceneText"/>); pixel-only models ignore it.</summary>
    bool ReadsSceneText => false;

    Task<IReadOnlyList<EncodeResult>> EncodeImagesAsync(IReadOnlyList<ImageInput> images, CancellationToken cancellationToken);

    Task<IReadOnlyList<EncodeResult>> EncodeTextsAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken);
}
