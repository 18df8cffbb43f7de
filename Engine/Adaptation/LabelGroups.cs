namespace UmsOrleans.Engine.Adaptation;

/// <summary>
/// Labels as dense codes in order of first appearance (so the same input gives the same codes), with each
/// label's row positions.
/// </summary>
internal sealed class LabelGroups
{
    public LabelGroups(IReadOnlyList<string> labels)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        Codes = new int[labels.Count];
        for (var i = 0; i < labels.Count; i++)
        {
            if (!codes.TryGetValue(labels[i], out var code))
            {
                code = codes.Count;
                codes.Add(labels[i], code);
                members.Add([]);
            }
            Codes[i] = code;
            members[code].Add(i);
        }
        Members = members;
    }

    public int[] Codes { get; }

    public IReadOnlyList<List<int>> Members { get; }

    public int Count => Members.Count;

    public int SmallestGroup => Members.Min(m => m.Count);

    /// <summary>
    /// One row per label with at least two rows, drawn with <paramref name="seed"/>, held out for validation;
    /// the rest to fit on.
    /// </summary>
    public (int[] Fit, int[] HeldOut) HoldOutOnePerLabel(int seed)
    {
        var random = new Random(seed);
        var heldOut = new List<int>();
        foreach (var group in Members)
        {
            if (group.Count >= 2) heldOut.Add(group[random.Next(group.Count)]);
        }
        var held = heldOut.ToHashSet();
        return ([.. Enumerable.Range(0, Codes.Length).Where(i => !held.Contains(i))], [.. heldOut]);
    }

    public int[] CodesOf(IReadOnlyList<int> rows) => [.. rows.Select(r => Codes[r])];
}
