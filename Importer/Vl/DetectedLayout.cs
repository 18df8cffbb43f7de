namespace UmsOrleans.Importer.Vl;

/// <summary>
/// The outcome of <see cref="VistaLayoutDetector"/>: the kind of checkpoint, a key prefix to strip (DeiT keys saved
/// as <c>model.*</c>), whether the dead <c>scene_text_fusion_blocks</c> are in the file, and one sentence per
/// question of spec §10 items 2–4, saying how the key names answered it.
/// </summary>
public sealed record DetectedLayout(UmsCheckpointKind Kind, string? StrippedPrefix, bool HasDeadFusionBlocks, IReadOnlyList<string> Findings)
{
    public VistaLayout VistaLayout => Kind switch
    {
        UmsCheckpointKind.VistaBase => VistaLayout.VistaBase,
        UmsCheckpointKind.VistaBaseShare => VistaLayout.VistaBaseShare,
        _ => throw new InvalidOperationException("a DeiT checkpoint has no vision-language layout"),
    };
}
