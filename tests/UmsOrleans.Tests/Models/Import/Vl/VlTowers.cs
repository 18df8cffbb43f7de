using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Importer.Vl;

namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>Runs an imported image and text tower with ONNX Runtime's CPU provider.</summary>
public sealed class VlTowers(string imageOnnx, string textOnnx) : IDisposable
{
    private const int Ocr = VlGraphNames.SceneTextLength;

    public InferenceSession Image { get; } = new(imageOnnx);
    public InferenceSession Text { get; } = new(textOnnx);

    /// <summary>Image and fusion embeddings, [batch, width] each, row-major.</summary>
    public (float[] Image, float[] Fusion) EncodeImages(float[] pixels, long[] ocrIds, long[] ocrMask, float[] ocrBoxes, int batch)
    {
        using var pixelValue = OrtValue.CreateTensorValueFromMemory(pixels, [batch, 3, 224, 224]);
        using var ids = OrtValue.CreateTensorValueFromMemory(ocrIds, [batch, Ocr]);
        using var mask = OrtValue.CreateTensorValueFromMemory(ocrMask, [batch, Ocr]);
        using var boxes = OrtValue.CreateTensorValueFromMemory(ocrBoxes, [batch, Ocr, 4]);
        using var options = new RunOptions();
        using var outputs = Image.Run(options,
            [VlGraphNames.Pixels, VlGraphNames.OcrIds, VlGraphNames.OcrMask, VlGraphNames.OcrBoxes], [pixelValue, ids, mask, boxes],
            [VlGraphNames.ImageEmbedding, VlGraphNames.FusionEmbedding]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public float[] EncodeTexts(long[] inputIds, long[] attentionMask, int batch)
    {
        var length = inputIds.Length / batch;
        using var ids = OrtValue.CreateTensorValueFromMemory(inputIds, [batch, length]);
        using var mask = OrtValue.CreateTensorValueFromMemory(attentionMask, [batch, length]);
        using var options = new RunOptions();
        using var outputs = Text.Run(options, [VlGraphNames.TextIds, VlGraphNames.TextMask], [ids, mask], [VlGraphNames.TextEmbedding]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose()
    {
        Image.Dispose();
        Text.Dispose();
    }
}
