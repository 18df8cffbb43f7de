namespace UmsOrleans.Engine.Adaptation.Training;

/// <summary>
/// What became of a collection's products on the way into a training set: how many were read and used, how many
/// were skipped and why (no photo; no label — the attribute missing or not a string; for align no text vector),
/// how many a full set left out (<see cref="MaxPhotos"/>), and the labels left out for having fewer photos than a
/// label needs. Then the set itself: its photos (rows), distinct labels and photo–text pairs.
/// </summary>
public sealed record TrainingSetCounts(
    long ProductsRead,
    long ProductsUsed,
    long WithoutPhotos,
    long WithoutLabel,
    long WithoutText,
    long LeftOutByCap,
    int SmallLabels,
    long ProductsInSmallLabels,
    int Photos,
    int Labels,
    int Pairs,
    int MaxPhotos)
{
    /// <summary>Whether the set is a sample: some products were left out to stay within <see cref="MaxPhotos"/>.</summary>
    public bool Capped => LeftOutByCap > 0;

    /// <summary>One line for an error or a log: the products read and each reason some were not used.</summary>
    public string Describe(TrainingLabel label)
    {
        var parts = new List<string>();
        if (WithoutPhotos > 0) parts.Add($"{WithoutPhotos} without photos");
        if (WithoutLabel > 0) parts.Add($"{WithoutLabel} without a string '{label.Attribute}' attribute");
        if (WithoutText > 0) parts.Add($"{WithoutText} without a text vector");
        if (SmallLabels > 0) parts.Add($"{ProductsInSmallLabels} in {SmallLabels} labels with too few photos");
        if (LeftOutByCap > 0) parts.Add($"{LeftOutByCap} left out to stay within {MaxPhotos} photos");
        return $"{ProductsRead} products read, {ProductsUsed} used" + (parts.Count == 0 ? "" : $"; {string.Join(", ", parts)}");
    }
}
