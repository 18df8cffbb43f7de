namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>One field of a <see cref="KeywordIndex"/>: its term dictionary and each slot's length in terms.</summary>
internal sealed class FieldColumn
{
    public FieldColumn(string name, int slotCapacity)
    {
        Name = name;
        TermLookup = Terms.GetAlternateLookup<ReadOnlySpan<char>>();
        Lengths = new int[slotCapacity];
    }

    public string Name { get; }

    /// <summary>Term → term id (an index into the index's posting lists).</summary>
    public Dictionary<string, int> Terms { get; } = new(StringComparer.Ordinal);

    /// <summary>The same dictionary, looked up by span so that a known term costs no string.</summary>
    public Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> TermLookup { get; }

    /// <summary>Per slot, the terms the product has in this field (0 when none or no product).</summary>
    public int[] Lengths { get; set; }

    public long TotalLength { get; set; }

    /// <summary>Products with at least one term in this field.</summary>
    public int DocumentCount { get; set; }

    /// <summary>Characters of all terms, for the memory estimate.</summary>
    public long TermCharacters { get; set; }
}
