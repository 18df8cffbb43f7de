using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Text;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>Runs an imported VL model's two graphs with ONNX Runtime's CPU provider, one batch per call.</summary>
public static class VlImportMatchesOnnx
{
    /// <summary>image.onnx on all photos in one batch: (image embeddings, fusion embeddings), one row per photo.</summary>
    public static (float[][] Image, float[][] Fusion) RunImage(string imageOnnx, IReadOnlyList<ReferenceImageInput> photos)
    {
        long batch = photos.Count, ocr = VlGraphNames.SceneTextLength;
        var inputs = new Dictionary<string, OrtValue>
        {
            [VlGraphNames.Pixels] = OrtValue.CreateTensorValueFromMemory(photos.SelectMany(p => p.Pixels).ToArray(), [batch, 3, 224, 224]),
            [VlGraphNames.OcrIds] = OrtValue.CreateTensorValueFromMemory(photos.SelectMany(p => p.OcrIds).ToArray(), [batch, ocr]),
            [VlGraphNames.OcrMask] = OrtValue.CreateTensorValueFromMemory(photos.SelectMany(p => p.OcrMask).ToArray(), [batch, ocr]),
            [VlGraphNames.OcrBoxes] = OrtValue.CreateTensorValueFromMemory(photos.SelectMany(p => p.OcrBoxes).ToArray(), [batch, ocr, 4]),
        };
        var outputs = Run(imageOnnx, inputs, [VlGraphNames.ImageEmbedding, VlGraphNames.FusionEmbedding]);
        return (outputs[0], outputs[1]);
    }

    /// <summary>text.onnx on all titles in one batch, one embedding per title.</summary>
    public static float[][] RunText(string textOnnx, IReadOnlyList<PaddedTokens> titles)
    {
        long batch = titles.Count, length = titles[0].Ids.Length;
        var inputs = new Dictionary<string, OrtValue>
        {
            [VlGraphNames.TextIds] = OrtValue.CreateTensorValueFromMemory(titles.SelectMany(t => t.Ids).ToArray(), [batch, length]),
            [VlGraphNames.TextMask] = OrtValue.CreateTensorValueFromMemory(titles.SelectMany(t => t.Mask).ToArray(), [batch, length]),
        };
        return Run(textOnnx, inputs, [VlGraphNames.TextEmbedding])[0];
    }

    private static float[][][] Run(string model, Dictionary<string, OrtValue> inputs, string[] outputNames)
    {
        try
        {
            using var session = new InferenceSession(model);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, inputs, outputNames);
            return [.. outputs.Select(output =>
            {
                var shape = output.GetTensorTypeAndShape().Shape;
                var values = output.GetTensorDataAsSpan<float>().ToArray();
                return Enumerable.Range(0, (int)shape[0]).Select(r => values.AsSpan(r * (int)shape[1], (int)shape[1]).ToArray()).ToArray();
            })];
        }
        finally
        {
            foreach (var value in inputs.Values) value.Dispose();
        }
    }
}
