namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// The products holding one term of one field: (slot, term frequency) pairs side by side in one growable array,
/// in no particular order, so that adding is an append and removing moves the last pair into the hole.
/// </summary>
internal struct PostingList
{
    private const int FirstCapacityInts = 4;

    /// <summary>Slot at 2·i, term frequency at 2·i + 1.</summary>
    public int[] Entries;

    public int Count;

    public readonly int CapacityInts => Entries?.Length ?? 0;

    /// <summary>Appends a pair and returns its position; <paramref name="allocatedInts"/> follows the growth.</summary>
    public int Add(int slot, int termFrequency, ref long allocatedInts)
    {
        if (Entries is null || 2 * Count == Entries.Length)
        {
            var grown = new int[Math.Max(FirstCapacityInts, 2 * CapacityInts)];
            if (Entries is not null) Array.Copy(Entries, grown, 2 * Count);
            allocatedInts += grown.Length - CapacityInts;
            Entries = grown;
        }
        Entries[2 * Count] = slot;
        Entries[2 * Count + 1] = termFrequency;
        return Count++;
    }

    /// <summary>
    /// Removes the pair at <paramref name="position"/> by moving the last pair into it; returns the slot of the
    /// pair moved (its position is now <paramref name="position"/>), or −1 when none moved. An emptied list gives
    /// its array back.
    /// </summary>
    public int RemoveAt(int position, ref long allocatedInts)
    {
        var last = --Count;
        var moved = -1;
        if (position != last)
        {
            moved = Entries[2 * last];
            Entries[2 * position] = moved;
            Entries[2 * position + 1] = Entries[2 * last + 1];
        }
        if (Count == 0)
        {
            allocatedInts -= CapacityInts;
            Entries = null!;
        }
        return moved;
    }
}
