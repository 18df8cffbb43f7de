namespace UmsOrleans.Importer;

/// <summary>
/// DeiT checkpoints saved from <c>DeitBase</c> itself name the ViT <c>model.*</c>; the published loader expects bare
/// names (spec §2, §10 item 4). The names still match one to one, so the prefix is stripped (and reported).
/// </summary>
public static class DeitKeyPrefix
{
    public const string Prefix = "model.";
    public const string Anchor = "patch_embed.proj.weight";

    /// <summary>True when the file has the prefixed DeiT weights and not the bare ones.</summary>
    public static bool IsPrefixed(IReadOnlyCollection<string> keys) =>
        !keys.Contains(Anchor) && keys.Contains(Prefix + Anchor);

    /// <summary>The checkpoint with <see cref="Prefix"/> removed from every key that has it.</summary>
    public static PdparamsCheckpoint Strip(PdparamsCheckpoint checkpoint)
    {
        var tensors = new Dictionary<string, CheckpointTensor>(StringComparer.Ordinal);
        foreach (var tensor in checkpoint.Tensors.Values)
        {
            var name = tensor.Name.StartsWith(Prefix, StringComparison.Ordinal) ? tensor.Name[Prefix.Length..] : tensor.Name;
            if (!tensors.TryAdd(name, tensor with { Name = name }))
            {
                throw new CheckpointImportException($"checkpoint holds both '{name}' and '{Prefix}{name}'; it is unclear which to import");
            }
        }
        return new PdparamsCheckpoint(tensors, checkpoint.SkippedEntries);
    }
}
