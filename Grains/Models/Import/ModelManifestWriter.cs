using System.Text.Json;
using System.Text.Json.Serialization;

namespace UmsOrleans.Models.Import;

/// <summary>
/// Writes the model manifest of an imported image encoder (<c>manifest.json</c> beside the ONNX file). The
/// whole manifest format this importer depends on is in this one file, so it can follow the runtime's
/// manifest reader as that evolves.
/// </summary>
public static class ModelManifestWriter
{
    public const string FileName = "manifest.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>EVAL_SPEC "Image preprocessing" for the SOP / In-Shop models, scaled to another input size.</summary>
    public static ImagePreprocessing ImageNetPreprocessing(int cropSize, int shorterSide) => new(
        ShorterSide: shorterSide,
        Crop: cropSize,
        Resize: "pillow-bilinear-antialias",
        ChannelOrder: "RGB",
        Scale: 1.0 / 255.0,
        Mean: [0.485, 0.456, 0.406],
        Std: [0.229, 0.224, 0.225]);

    public static void Write(string path, ModelManifest manifest) =>
        File.WriteAllText(path, JsonSerializer.Serialize(manifest, Json));
}

public sealed record ModelManifest(
    string Name,
    string Description,
    IReadOnlyList<EmbeddingSpace> Spaces,
    ImageEncoderManifest ImageEncoder,
    IReadOnlyDictionary<string, string>? Source = null);

public sealed record EmbeddingSpace(string Name, int Dimension);

/// <summary>An ONNX image encoder: file relative to the manifest, tensor names, and its input contract.</summary>
public sealed record ImageEncoderManifest(
    string Onnx,
    string Input,
    string Output,
    string Space,
    string Layout,
    bool Normalized,
    ImagePreprocessing Preprocessing);

/// <summary>Resize so the shorter side is <see cref="ShorterSide"/>, centre-crop, scale, then (x − mean) / std.</summary>
public sealed record ImagePreprocessing(
    int ShorterSide,
    int Crop,
    string Resize,
    string ChannelOrder,
    double Scale,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> Std);
