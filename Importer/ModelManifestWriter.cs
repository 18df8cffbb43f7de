using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Importer;

/// <summary>
/// The model manifest of an imported UMS image encoder, in the runtime's own manifest format
/// (<see cref="ModelManifestReader"/>), so the imported model works wherever a model does: collections,
/// ingest, search and evaluation runs.
/// </summary>
public static class ModelManifestWriter
{
    public const string FileName = "manifest.json";

    /// <summary>The image preprocessing the published SOP / In-Shop models were evaluated with: Pillow bilinear
    /// resize of the shorter side, centre crop, /255, ImageNet mean and std, RGB.</summary>
    public static ImagePreprocessing ImageNetPreprocessing(int cropSize, int shorterSide) => new()
    {
        ShorterSide = shorterSide,
        Crop = cropSize,
        Divisor = 255f,
        Mean = [0.485f, 0.456f, 0.406f],
        Std = [0.229f, 0.224f, 0.225f],
        ChannelOrder = ChannelOrder.Rgb,
    };

    public static ModelManifest ImageEncoder(string name, string description, int dimension, string onnxFile, string input, string output,
                                             ImagePreprocessing preprocessing, IReadOnlyDictionary<string, string> source) => new()
    {
        Name = name,
        Description = description,
        Source = source,
        Spaces = [new ManifestSpace("image", dimension)],
        Image = new ImageEncoderSpec
        {
            Space = "image",
            Onnx = onnxFile,
            Input = input,
            Output = output,
            Layout = TensorLayout.Nchw,
            Pooling = Pooling.None,
            // The graph already ends in an L2 normalisation; normalising again is harmless and keeps the
            // runtime's contract (unit vectors) independent of the file.
            Normalize = true,
            Preprocessing = preprocessing,
        },
        Fields = [new FieldMapping("photo", "image")],
    };

    public static void Write(string path, ModelManifest manifest) => ModelManifestReader.Write(path, manifest);
}
