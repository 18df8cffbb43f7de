namespace UmsOrleans.Importer;

/// <summary>
/// The parameter names and shapes a UMS (DeiT-style) image encoder checkpoint must hold, in Paddle's layout:
/// Linear weights [in, out], conv weights [out, in, kh, kw].
/// </summary>
public static class UmsCheckpointSchema
{
    public static IReadOnlyList<(string Name, int[] Shape)> Expected(VitConfig config)
    {
        int d = config.Width, p = config.PatchSize;
        var expected = new List<(string, int[])>
        {
            ("patch_embed.proj.weight", [d, VitConfig.Channels, p, p]),
            ("patch_embed.proj.bias", [d]),
            ("cls_token", [1, 1, d]),
            ("pos_embed", [1, config.Tokens, d]),
        };
        for (var b = 0; b < config.Depth; b++)
        {
            var block = $"blocks.{b}.";
            expected.AddRange(
            [
                (block + "norm1.weight", [d]), (block + "norm1.bias", [d]),
                (block + "attn.qkv.weight", [d, 3 * d]), (block + "attn.qkv.bias", [3 * d]),
                (block + "attn.proj.weight", [d, d]), (block + "attn.proj.bias", [d]),
                (block + "norm2.weight", [d]), (block + "norm2.bias", [d]),
                (block + "mlp.fc1.weight", [d, config.MlpWidth]), (block + "mlp.fc1.bias", [config.MlpWidth]),
                (block + "mlp.fc2.weight", [config.MlpWidth, d]), (block + "mlp.fc2.bias", [d]),
            ]);
        }
        expected.Add(("norm.weight", [d]));
        expected.Add(("norm.bias", [d]));
        return expected;
    }

    /// <summary>
    /// Checks that every expected parameter is present with its expected shape; returns the names of arrays
    /// the encoder does not use (for example a classifier head). Throws naming the first wrong key.
    /// </summary>
    public static IReadOnlyList<string> Validate(PdparamsCheckpoint checkpoint, VitConfig config)
    {
        config.Validate();
        var expected = Expected(config);
        foreach (var (name, shape) in expected)
        {
            if (!checkpoint.Tensors.TryGetValue(name, out var tensor))
            {
                var why = checkpoint.SkippedEntries.TryGetValue(name, out var reason) ? $" as an array: {reason}" : "";
                var present = checkpoint.Tensors.Keys.Order(StringComparer.Ordinal).Take(5).ToList();
                var sample = present.Count == 0 ? "none" : string.Join(", ", present) + (checkpoint.Tensors.Count > 5 ? ", …" : "");
                throw new CheckpointImportException(
                    $"checkpoint is missing key '{name}'{why} (expected shape {CheckpointTensor.FormatShape(shape)}); " +
                    $"it holds {checkpoint.Tensors.Count} arrays: {sample}");
            }
            if (!tensor.Shape.SequenceEqual(shape))
            {
                throw new CheckpointImportException(
                    $"checkpoint key '{name}' has shape {tensor.ShapeText}, expected {CheckpointTensor.FormatShape(shape)} " +
                    $"for {Describe(config)}");
            }
        }
        var used = expected.Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        return [.. checkpoint.Tensors.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal)];
    }

    public static string Describe(VitConfig c) =>
        $"a ViT with depth {c.Depth}, width {c.Width}, {c.Heads} heads, patch {c.PatchSize}, image {c.ImageSize}";
}
