using System.Collections.Immutable;

namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>
/// One row of an evaluation list. <see cref="Index"/> is the row's 0-based position in its set as the list
/// file orders it, whatever was skipped, so it is stable across runs. <see cref="Labels"/> holds one label,
/// except Product1M queries, whose instance list is kept with its repeats. <see cref="ImagePath"/> is
/// absolute (null when the set has no images or the image is missing and the layout scores it as zero).
/// <see cref="SceneText"/>: the photo's OCR strings for a scene-text model (<see cref="Ocr.SceneTextSupply"/>); null lets
/// the encoder read the photo itself.
/// </summary>
public sealed record EvalItem(
    int Index,
    string Id,
    ImmutableArray<string> Labels,
    string? ImagePath,
    string? Text,
    string? OcrKey = null,
    IReadOnlyList<Encoders.Text.SceneTextString>? SceneText = null)
{
    public string Label => Labels[0];

    /// <summary>The labels as one field of a list or TSV file (Product1M's own separator).</summary>
    public string LabelField => string.Join("#;#", Labels);

    public static EvalItem Single(int index, string id, string label, string? imagePath, string? text, string? ocrKey = null) =>
        new(index, id, [label], imagePath, text, ocrKey);
}
