using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// An inverted index over the text of the products of one shard, addressed by the shard's dense product slots.
/// Per field, a term dictionary and per term a posting list of (slot, term frequency); per slot, the list of its
/// (term, position in the posting list) pairs, so that clearing a product or moving it to another slot (the
/// shard's swap-remove) touches only that product's postings. Scores with BM25 (<see cref="Bm25"/>) under
/// statistics given by the caller, normally the sum over all shards. Writes must not run concurrently with
/// anything else; searches may run concurrently with each other.
/// </summary>
public sealed partial class KeywordIndex
{
    private readonly List<FieldColumn> _fields = [];
    private readonly Dictionary<string, int> _fieldIds = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _frequencyScratch = [];
    private readonly List<int> _lengthScratch = [];
    private PostingList[] _postings = new PostingList[256];
    private int _termCount;

    /// <summary>Per slot: term id at 2·i, its position in that term's posting list at 2·i + 1; null when the slot is empty.</summary>
    private int[]?[] _slotTerms = new int[]?[64];

    private long _postingInts;
    private long _slotTermInts;

    /// <summary>Products indexed (slots set and not cleared).</summary>
    public int DocumentCount { get; private set; }

    /// <summary>
    /// An estimate of the managed memory the index holds: posting and per-slot arrays as allocated (with their
    /// growth slack), field lengths, and per term its dictionary entry and string.
    /// </summary>
    public long MemoryBytes
    {
        get
        {
            const int ArrayHeader = 24;
            const int DictionaryEntryAndBucket = 28;
            const int StringHeader = 22;
            var bytes = (long)_postings.Length * 16 + _postingInts * 4 + (long)_termCount * ArrayHeader;
            bytes += (long)_slotTerms.Length * 8 + _slotTermInts * 4 + (long)DocumentCount * ArrayHeader;
            foreach (var column in _fields)
            {
                bytes += (long)column.Lengths.Length * 4 + (long)column.Terms.Count * (DictionaryEntryAndBucket + StringHeader + 8)
                    + column.TermCharacters * 2;
            }
            return bytes;
        }
    }

    /// <summary>Indexes <paramref name="fields"/> as the text of the product in <paramref name="slot"/>, replacing what it held.</summary>
    public void Set(int slot, IReadOnlyList<KeywordField> fields)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        Clear(slot);
        EnsureSlot(slot);
        _frequencyScratch.Clear();
        _lengthScratch.Clear();
        foreach (var field in fields)
        {
            if (string.IsNullOrEmpty(field.Text)) continue;
            var column = ColumnFor(field.Name);
            var sink = new CountingSink(this, column, _frequencyScratch);
            KeywordAnalyzer.Analyze(field.Text.AsSpan(), ref sink);
            while (_lengthScratch.Count < _fields.Count) _lengthScratch.Add(0);
            _lengthScratch[_fieldIds[field.Name]] += sink.Length;
        }
        var pairs = new int[2 * _frequencyScratch.Count];
        var i = 0;
        foreach (var (termId, frequency) in _frequencyScratch)
        {
            pairs[i++] = termId;
            pairs[i++] = _postings[termId].Add(slot, frequency, ref _postingInts);
        }
        _slotTerms[slot] = pairs;
        _slotTermInts += pairs.Length;
        for (var f = 0; f < _lengthScratch.Count; f++)
        {
            var length = _lengthScratch[f];
            if (length == 0) continue;
            var column = _fields[f];
            column.Lengths[slot] = length;
            column.TotalLength += length;
            column.DocumentCount++;
        }
        DocumentCount++;
    }

    /// <summary>Removes the product in <paramref name="slot"/>, if any.</summary>
    public void Clear(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        if (slot >= _slotTerms.Length || _slotTerms[slot] is not { } pairs) return;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            var termId = pairs[i];
            var position = pairs[i + 1];
            var moved = _postings[termId].RemoveAt(position, ref _postingInts);
            if (moved >= 0) RecordPosition(moved, termId, position);
        }
        foreach (var column in _fields)
        {
            var length = column.Lengths[slot];
            if (length == 0) continue;
            column.TotalLength -= length;
            column.DocumentCount--;
            column.Lengths[slot] = 0;
        }
        _slotTerms[slot] = null;
        _slotTermInts -= pairs.Length;
        DocumentCount--;
    }

    /// <summary>
    /// Moves the product in <paramref name="from"/> to <paramref name="to"/> (what <paramref name="to"/> held is
    /// cleared first), as the shard's swap-remove moves its last product into a freed slot.
    /// </summary>
    public void Move(int from, int to)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(to);
        if (from == to) return;
        Clear(to);
        if (from >= _slotTerms.Length || _slotTerms[from] is not { } pairs) return;
        EnsureSlot(to);
        for (var i = 0; i < pairs.Length; i += 2) _postings[pairs[i]].Entries[2 * pairs[i + 1]] = to;
        _slotTerms[to] = pairs;
        _slotTerms[from] = null;
        foreach (var column in _fields)
        {
            column.Lengths[to] = column.Lengths[from];
            column.Lengths[from] = 0;
        }
    }

    /// <summary>This shard's statistics for <paramref name="terms"/>, to be merged with the other shards' (<see cref="KeywordStatistics.Merge(IEnumerable{KeywordStatistics})"/>).</summary>
    public KeywordStatistics LocalStatistics(IReadOnlyList<string> terms)
    {
        var fields = ImmutableDictionary.CreateBuilder<string, KeywordFieldStatistics>(StringComparer.Ordinal);
        foreach (var column in _fields)
        {
            var frequencies = ImmutableDictionary.CreateBuilder<string, long>(StringComparer.Ordinal);
            foreach (var term in terms)
            {
                if (column.Terms.TryGetValue(term, out var termId) && _postings[termId].Count > 0) frequencies[term] = _postings[termId].Count;
            }
            fields[column.Name] = new(column.DocumentCount, column.TotalLength, frequencies.ToImmutable());
        }
        return new(DocumentCount, fields.ToImmutable());
    }

    private FieldColumn ColumnFor(string name)
    {
        if (_fieldIds.TryGetValue(name, out var id)) return _fields[id];
        var column = new FieldColumn(name, _slotTerms.Length);
        _fieldIds[name] = _fields.Count;
        _fields.Add(column);
        return column;
    }

    private int TermId(FieldColumn column, ReadOnlySpan<char> term)
    {
        if (column.TermLookup.TryGetValue(term, out var id)) return id;
        if (_termCount == _postings.Length) Array.Resize(ref _postings, 2 * _postings.Length);
        id = _termCount++;
        var lookup = column.TermLookup;
        lookup[term] = id;
        column.TermCharacters += term.Length;
        return id;
    }

    /// <summary>Tells <paramref name="slot"/> that its entry for <paramref name="termId"/> now sits at <paramref name="position"/>.</summary>
    private void RecordPosition(int slot, int termId, int position)
    {
        var pairs = _slotTerms[slot]!;
        for (var i = 0; i < pairs.Length; i += 2)
        {
            if (pairs[i] != termId) continue;
            pairs[i + 1] = position;
            return;
        }
        throw new InvalidOperationException($"slot {slot} does not list term {termId} that its posting holds.");
    }

    private void EnsureSlot(int slot)
    {
        if (slot < _slotTerms.Length) return;
        var capacity = Math.Max(slot + 1, 2 * _slotTerms.Length);
        Array.Resize(ref _slotTerms, capacity);
        foreach (var column in _fields)
        {
            var lengths = column.Lengths;
            Array.Resize(ref lengths, capacity);
            column.Lengths = lengths;
        }
    }

    /// <summary>Counts a field's terms into the per-product frequency table.</summary>
    private struct CountingSink(KeywordIndex index, FieldColumn column, Dictionary<int, int> frequencies) : ITokenSink
    {
        public int Length { get; private set; }

        public void Accept(ReadOnlySpan<char> token)
        {
            CollectionsMarshal.GetValueRefOrAddDefault(frequencies, index.TermId(column, token), out _)++;
            Length++;
        }
    }
}
