namespace UmsOrleans.Importer.Vl;

/// <summary>A checkpoint checked against its layout: what the graphs use, what they leave, and what was absent but not needed.</summary>
/// <param name="UnusedKeys">Keys in the file the graphs do not read: defined-but-dead (pooler, …) and keys the layout does not define.</param>
/// <param name="UnusedGroups">The unused keys by group (§6.4), with tensor and parameter counts, for the summary.</param>
/// <param name="AbsentUnusedKeys">Unused keys of the layout that the file lacks (harmless).</param>
public sealed record VistaCheckReport(
    IReadOnlyList<ExpectedKey> Used,
    IReadOnlyList<string> UnusedKeys,
    IReadOnlyList<UnusedGroup> UnusedGroups,
    IReadOnlyList<string> AbsentUnusedKeys)
{
    public long UsedParameters => Used.Sum(k => k.Parameters);

    public long UnusedParameters => UnusedGroups.Sum(g => g.Parameters);
}

public sealed record UnusedGroup(string Group, int Tensors, long Parameters);
