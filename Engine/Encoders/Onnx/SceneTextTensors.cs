using Microsoft.ML.OnnxRuntime;
using UmsOrleans.Engine.Encoders.Manifests;

namespace UmsOrleans.Engine.Encoders.Onnx;

/// <summary>
/// The scene-text inputs of one image-model run: ids and mask [batch, L] int64 and boxes [batch, L, 4] float32,
/// one row per item; rows past the items (a graph fixed at a larger batch) stay zero.
/// </summary>
internal sealed class SceneTextTensors : IDisposable
{
    private SceneTextTensors(string[] names, OrtValue[] values)
    {
        Names = names;
        Values = values;
    }

    public string[] Names { get; }

    public OrtValue[] Values { get; }

    public static SceneTextTensors Create(SceneTextInputSpec spec, IReadOnlyList<ImageBatchItem> items, int start, int count, int batch)
    {
        var length = spec.MaxLength;
        var ids = new long[batch * length];
        var mask = new long[batch * length];
        var boxes = new float[batch * length * 4];
        for (var i = 0; i < count; i++)
        {
            var input = items[start + i].SceneText ?? throw new ArgumentException("every image of a scene-text model needs its scene-text input.", nameof(items));
            input.Tokens.Ids.CopyTo(ids, i * length);
            input.Tokens.Mask.CopyTo(mask, i * length);
            input.Boxes.CopyTo(boxes, i * length * 4);
        }
        long[] shape = [batch, length];
        return new SceneTextTensors(
            [spec.InputIds, spec.AttentionMask, spec.Boxes],
            [
                OrtValue.CreateTensorValueFromMemory(ids, shape),
                OrtValue.CreateTensorValueFromMemory(mask, shape),
                OrtValue.CreateTensorValueFromMemory(boxes, [batch, length, 4]),
            ]);
    }

    public void Dispose()
    {
        foreach (var value in Values) value.Dispose();
    }
}
