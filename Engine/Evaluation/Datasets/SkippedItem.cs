namespace UmsOrleans.Engine.Evaluation.Datasets;

/// <summary>What a skip removed: the whole item, or only its image half (Product1M scores a missing half as 0).</summary>
public enum SkipScope
{
    Item = 0,
    ImageOnly = 1,
}

/// <summary>An item the run could not use as given, and why. <see cref="Set"/> names the list it came from.</summary>
public sealed record SkippedItem(string Set, int Index, string Id, string? Path, string Reason, SkipScope Scope = SkipScope.Item);
