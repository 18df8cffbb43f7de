using System.Numerics.Tensors;

namespace UmsOrleans.Engine.Encoders.Onnx;

internal static class VectorMath
{
    /// <summary>Scales to unit length in place; a zero vector stays zero.</summary>
    public static void NormalizeL2(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>One vector per item from a [B, T, D] output: the first token, or the mean over real tokens.</summary>
    public static float[] Pool(ReadOnlySpan<float> tokens, int length, int dimension, Manifests.Pooling pooling, ReadOnlySpan<long> mask)
    {
        var result = new float[dimension];
        switch (pooling)
        {
            case Manifests.Pooling.Cls:
            case Manifests.Pooling.None:
                tokens[..dimension].CopyTo(result);
                break;
            case Manifests.Pooling.Mean:
                var count = 0;
                for (var t = 0; t < length; t++)
                {
                    if (mask[t] == 0) continue;
                    TensorPrimitives.Add(result, tokens.Slice(t * dimension, dimension), result);
                    count++;
                }
                if (count > 0) TensorPrimitives.Divide(result, count, result);
                break;
        }
        return result;
    }
}
