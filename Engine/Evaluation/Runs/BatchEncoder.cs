using UmsOrleans.Engine.Encoders.Onnx;
using UmsOrleans.Engine.Evaluation.Datasets;

namespace UmsOrleans.Engine.Evaluation.Runs;

/// <summary>
/// Encodes a batch of items for the halves a direction needs. With one half, an item whose half is missing
/// or fails is skipped (listed with the reason). With both halves (Product1M), a missing or failed half
/// scores 0 and only an item with neither half is skipped.
/// </summary>
public static class BatchEncoder
{
    public static async Task<List<EncodedEvalItem>> EncodeAsync(
        IEvaluationEncoder encoder, IReadOnlyList<EvalItem> batch, Halves halves, string set, SkipLog skips, CancellationToken cancellationToken)
    {
        var images = new float[]?[batch.Count];
        var texts = new float[]?[batch.Count];
        var problems = new string?[batch.Count];
        if (halves.HasFlag(Halves.Image)) await EncodeHalfAsync(batch, i => i.ImagePath is null ? null : new ImageInput(i.ImagePath, i.OcrKey, i.SceneText), encoder.EncodeImagesAsync, images, problems, "image", halves, set, skips, cancellationToken);
        if (halves.HasFlag(Halves.Text)) await EncodeHalfAsync(batch, i => string.IsNullOrWhiteSpace(i.Text) ? null : i.Text, encoder.EncodeTextsAsync, texts, problems, "text", halves, set, skips, cancellationToken);

        var encoded = new List<EncodedEvalItem>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (images[i] is null && texts[i] is null)
            {
                skips.Add(new SkippedItem(set, batch[i].Index, batch[i].Id, batch[i].ImagePath, problems[i] ?? "nothing to encode"));
                continue;
            }
            encoded.Add(new EncodedEvalItem(batch[i], images[i], texts[i]));
        }
        return encoded;
    }

    private static async Task EncodeHalfAsync<TInput>(
        IReadOnlyList<EvalItem> batch,
        Func<EvalItem, TInput?> input,
        Func<IReadOnlyList<TInput>, CancellationToken, Task<IReadOnlyList<EncodeResult>>> encode,
        float[]?[] output,
        string?[] problems,
        string half,
        Halves halves,
        string set,
        SkipLog skips,
        CancellationToken cancellationToken)
        where TInput : class
    {
        var positions = new List<int>();
        var inputs = new List<TInput>();
        for (var i = 0; i < batch.Count; i++)
        {
            if (input(batch[i]) is { } value)
            {
                positions.Add(i);
                inputs.Add(value);
            }
            else
            {
                problems[i] ??= $"no {half}";
            }
        }
        if (inputs.Count == 0) return;
        var results = await encode(inputs, cancellationToken);
        if (results.Count != inputs.Count) throw new InvalidOperationException($"the encoder returned {results.Count} {half} vectors for {inputs.Count} inputs.");
        for (var j = 0; j < positions.Count; j++)
        {
            var i = positions[j];
            if (results[j].Vector is { } vector)
            {
                output[i] = Normalized(vector);
                continue;
            }
            var reason = $"{half} could not be encoded: {results[j].Error ?? "no reason given"}";
            problems[i] = reason;
            if (halves == Halves.Both && half == "image")
            {
                skips.Add(new SkippedItem(set, batch[i].Index, batch[i].Id, batch[i].ImagePath, reason + "; its image half scores 0", SkipScope.ImageOnly));
            }
        }
    }

    private static float[] Normalized(float[] vector)
    {
        var copy = (float[])vector.Clone();
        VectorMath.NormalizeL2(copy);
        return copy;
    }
}
