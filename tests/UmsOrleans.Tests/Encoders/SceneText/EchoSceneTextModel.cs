using System.Text;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Manifests;
using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Engine.Ingestion;
using UmsOrleans.Importer;
using UmsOrleans.Importer.Onnx;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Encoders.SceneText;

/// <summary>
/// A scene-text image model whose embedding echoes what reached the graph: [mean of the pixels, the 30 OCR ids,
/// the 30 mask values, the 30 × 4 box values] (181 floats, not normalised), in a folder with its manifest and a
/// small OCR vocabulary, laid out as the VL importer lays out a model.
/// </summary>
internal sealed class EchoSceneTextModel : IDisposable
{
    public const int Length = 30;
    public const int Dimension = 1 + Length + Length + Length * 4;

    public static readonly string[] Vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "fresh", "milk", "oat", "yo", "##gh", "##urt", "250", "##ml", "organic", "bio"];

    private EchoSceneTextModel(string directory, ModelManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    public string Directory { get; }

    public ModelManifest Manifest { get; }

    /// <summary>A model folder; <paramref name="sceneText"/> changes the manifest's scene-text input names.</summary>
    public static EchoSceneTextModel Create(Func<SceneTextInputSpec, SceneTextInputSpec>? sceneText = null)
    {
        var directory = TestPaths.NewTempDirectory("scene-text-model");
        File.WriteAllBytes(Path.Combine(directory, "image.onnx"), Graph().ToByteArray());
        File.WriteAllText(Path.Combine(directory, "vocab.txt"), string.Join('\n', Vocabulary) + "\n", Encoding.UTF8);
        var spec = new SceneTextInputSpec { Vocab = "vocab.txt" };
        var manifest = new ModelManifest
        {
            Name = "echo-scene-text",
            Spaces = [new ManifestSpace("image", Dimension)],
            Image = new ImageEncoderSpec
            {
                Space = "image",
                Onnx = "image.onnx",
                Input = "pixel_values",
                Output = "image_embedding",
                FusionOutput = "fusion_embedding",
                Normalize = false,
                Preprocessing = new ImagePreprocessing { Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f] },
                SceneText = sceneText is null ? spec : sceneText(spec),
            },
            Fields = [new FieldMapping(ProductFields.Photo, "image")],
        };
        var path = Path.Combine(directory, "manifest.json");
        ModelManifestReader.Write(path, manifest);
        return new EchoSceneTextModel(directory, ModelManifestReader.Read(path));
    }

    /// <summary>The OCR tokenizer the manifest describes, to compute the expected inputs with.</summary>
    public BertTextTokenizer Tokenizer()
    {
        using var vocabulary = File.OpenRead(Path.Combine(Directory, "vocab.txt"));
        return new BertTextTokenizer(vocabulary, lowerCase: true, Length);
    }

    /// <summary>What the graph received for one image, read back from its echo.</summary>
    public static (float PixelMean, long[] Ids, long[] Mask, float[] Boxes) Echoed(float[] vector)
    {
        Assert.Equal(Dimension, vector.Length);
        return (vector[0],
            [.. vector.AsSpan(1, Length).ToArray().Select(v => (long)v)],
            [.. vector.AsSpan(1 + Length, Length).ToArray().Select(v => (long)v)],
            vector.AsSpan(1 + 2 * Length, Length * 4).ToArray());
    }

    public ModelEncoder Load(ILogger logger, ISceneTextReader? reader = null, int maxBatchSize = 16) =>
        ModelEncoder.Load(Manifest, new EncodingOptions { Device = "cpu", MaxBatchSize = maxBatchSize, MaxBatchWait = TimeSpan.FromMilliseconds(50) },
            new OnnxSessionCache(), logger, TimeProvider.System, reader);

    private static ModelProto Graph()
    {
        var g = new OnnxGraphBuilder("echo_scene_text");
        g.Graph.Input.Add(OnnxGraphBuilder.BatchedFloat("pixel_values", 3, 224, 224));
        g.Graph.Input.Add(BatchedInt64("ocr_ids", Length));
        g.Graph.Input.Add(BatchedInt64("ocr_mask", Length));
        g.Graph.Input.Add(OnnxGraphBuilder.BatchedFloat("ocr_boxes", Length, 4));
        g.Graph.Output.Add(OnnxGraphBuilder.BatchedFloat("image_embedding", Dimension));
        g.Graph.Output.Add(OnnxGraphBuilder.BatchedFloat("fusion_embedding", Dimension));

        const long floatType = (long)TensorProto.Types.DataType.Float;
        var flatPixels = g.Node("Flatten", "pixels_flat", ["pixel_values"], OnnxGraphBuilder.Int("axis", 1));
        var pixels = g.Node("ReduceMean", "pixel_mean", [flatPixels], OnnxGraphBuilder.Ints("axes", 1), OnnxGraphBuilder.Int("keepdims", 1));
        var ids = g.Node("Cast", "ids_float", ["ocr_ids"], OnnxGraphBuilder.Int("to", floatType));
        var mask = g.Node("Cast", "mask_float", ["ocr_mask"], OnnxGraphBuilder.Int("to", floatType));
        var boxes = g.Node("Flatten", "boxes_flat", ["ocr_boxes"], OnnxGraphBuilder.Int("axis", 1));
        var echo = g.Node("Concat", "image_embedding", [pixels, ids, mask, boxes], OnnxGraphBuilder.Int("axis", 1));
        g.Node("Identity", "fusion_embedding", [echo]);

        var model = new ModelProto { IrVersion = 8, ProducerName = "UmsOrleans tests", Graph = g.Graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 17 });
        return model;
    }

    private static ValueInfoProto BatchedInt64(string name, int length)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = OnnxGraphBuilder.BatchDimension });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = length });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Int64, Shape = shape } },
        };
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A session still mapping the file on some platforms; the temp folder is cleaned up later.
        }
    }
}
