namespace UmsOrleans.Tests.Models.Import.Vl;

/// <summary>
/// The timm ViT of spec §1.1 at <paramref name="prefix"/>: conv patch embedding and pre-LayerNorm blocks (eps 1e-6,
/// fused qkv with column which·width + head·headDim + d, exact GELU). Tokens are row-major [rows × width].
/// </summary>
public sealed class ReferenceVitEncoder(ReferenceWeights weights, string prefix, int heads)
{
    public const double Epsilon = 1e-6;

    public int Width { get; } = weights.Shape(prefix + "norm.weight")[0];

    public int Depth { get; } = weights.CountLayers(prefix + "blocks.", "norm1.weight");

    /// <summary>[cls, patch 0, patch 1, …] for one image [3, size, size]; patches in row-major grid order, no position yet.</summary>
    public float[] Patches(ReadOnlySpan<float> image)
    {
        var conv = weights.Shape(prefix + "patch_embed.proj.weight"); // [width, channels, patch, patch]
        int channels = conv[1], patch = conv[2], size = (int)Math.Round(Math.Sqrt(image.Length / channels)), grid = size / patch;
        var unfolded = new float[grid * grid * channels * patch * patch];
        var column = 0;
        for (var gy = 0; gy < grid; gy++)
        for (var gx = 0; gx < grid; gx++)
        for (var c = 0; c < channels; c++)
        for (var ky = 0; ky < patch; ky++)
        for (var kx = 0; kx < patch; kx++)
        {
            unfolded[column++] = image[(c * size + gy * patch + ky) * size + gx * patch + kx];
        }
        var kernel = Transpose(weights[prefix + "patch_embed.proj.weight"], Width, channels * patch * patch);
        var embedded = ReferenceMath.Linear(unfolded, grid * grid, kernel, channels * patch * patch, Width, weights[prefix + "patch_embed.proj.bias"]);
        return [.. weights[prefix + "cls_token"], .. embedded];
    }

    /// <summary>Block <paramref name="index"/> on [rows × width] tokens, in place.</summary>
    public void Block(float[] x, int rows, int index)
    {
        var p = $"{prefix}blocks.{index}.";
        var h = (float[])x.Clone();
        weights.LayerNorm(h, rows, p + "norm1.", Epsilon);
        var qkv = weights.Linear(h, rows, p + "attn.qkv.");
        float[] q = Part(qkv, rows, 0), k = Part(qkv, rows, 1), v = Part(qkv, rows, 2);
        ReferenceMath.Add(x, weights.Linear(ReferenceMath.Attention(q, k, v, rows, heads, null), rows, p + "attn.proj."));

        h = (float[])x.Clone();
        weights.LayerNorm(h, rows, p + "norm2.", Epsilon);
        var hidden = weights.Linear(h, rows, p + "mlp.fc1.");
        ReferenceMath.Gelu(hidden);
        ReferenceMath.Add(x, weights.Linear(hidden, rows, p + "mlp.fc2."));
    }

    /// <summary>The final LayerNorm <c>norm</c> on a copy of one token.</summary>
    public float[] Norm(ReadOnlySpan<float> token)
    {
        var copy = token.ToArray();
        weights.LayerNorm(copy, 1, prefix + "norm.", Epsilon);
        return copy;
    }

    private float[] Part(float[] qkv, int rows, int which)
    {
        var part = new float[rows * Width];
        for (var t = 0; t < rows; t++) qkv.AsSpan(t * 3 * Width + which * Width, Width).CopyTo(part.AsSpan(t * Width));
        return part;
    }

    private static float[] Transpose(float[] matrix, int rows, int columns)
    {
        var result = new float[matrix.Length];
        for (var r = 0; r < rows; r++)
        for (var c = 0; c < columns; c++)
        {
            result[c * rows + r] = matrix[r * columns + c];
        }
        return result;
    }
}
