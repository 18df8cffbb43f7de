using System.Collections.Immutable;
using System.Globalization;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>
/// Everything one key (the category, or one attribute) holds across a shard's product slots: strings as codes
/// of a per-key dictionary, numbers as doubles, booleans as bitmaps. A slot may hold values of several kinds
/// (from a list); each kind keeps a slot's distinct values once, so facets count a value once per product.
/// Codes are never reused: a string no product has any more keeps its code (and its few bytes) until the shard
/// is rebuilt.
/// </summary>
internal sealed class KeyColumn
{
    private const int StringEntryOverheadBytes = 24 + 8 + 24;

    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _strings = [];
    private long _stringBytes;
    private SlotValues<int>? _stringCodes;
    private SlotValues<double>? _numbers;
    private BooleanValues? _booleans;

    public long MemoryBytes =>
        _stringBytes + (_stringCodes?.MemoryBytes ?? 0) + (_numbers?.MemoryBytes ?? 0) + (_booleans?.MemoryBytes ?? 0);

    /// <summary>Gives an empty slot the value (an empty list leaves it empty).</summary>
    public void Add(int slot, AttributeValue value, int slotCount)
    {
        switch (value.Kind)
        {
            case AttributeKind.String:
                (_stringCodes ??= new()).Add(slot, [Encode(value.Text!)], slotCount);
                break;
            case AttributeKind.Number:
                (_numbers ??= new()).Add(slot, [value.Number], slotCount);
                break;
            case AttributeKind.Boolean:
                (_booleans ??= new()).Add(slot, value.Flag, !value.Flag);
                break;
            default:
                AddList(slot, value.Items, slotCount);
                break;
        }
    }

    public void Remove(int slot)
    {
        _stringCodes?.Remove(slot);
        _numbers?.Remove(slot);
        _booleans?.Remove(slot);
    }

    /// <summary>Moves the values of <paramref name="from"/> to <paramref name="to"/>, which has none.</summary>
    public void Move(int from, int to)
    {
        _stringCodes?.Move(from, to);
        _numbers?.Move(from, to);
        _booleans?.Move(from, to);
    }

    public void MarkMatch(AttributeValue value, ulong[] words)
    {
        switch (value.Kind)
        {
            case AttributeKind.String:
                if (_stringCodes is not null && _codes.TryGetValue(value.Text!, out var code)) _stringCodes.MarkMatching(new EqualsPredicate<int>(code), words);
                break;
            case AttributeKind.Number:
                _numbers?.MarkMatching(new EqualsPredicate<double>(value.Number), words);
                break;
            case AttributeKind.Boolean:
                _booleans?.MarkHaving(value.Flag, words);
                break;
        }
    }

    public void MarkIn(ImmutableArray<AttributeValue> values, ulong[] words)
    {
        var codes = new ulong[ProductMask.WordCount(_strings.Count)];
        var codeList = new List<int>();
        var numbers = new SortedSet<double>();
        foreach (var value in values)
        {
            switch (value.Kind)
            {
                case AttributeKind.String when _codes.TryGetValue(value.Text!, out var code):
                    if ((codes[code >> 6] & (1UL << code)) == 0) codeList.Add(code);
                    codes[code >> 6] |= 1UL << code;
                    break;
                case AttributeKind.Number:
                    numbers.Add(value.Number);
                    break;
                case AttributeKind.Boolean:
                    _booleans?.MarkHaving(value.Flag, words);
                    break;
            }
        }
        if (codeList.Count > 0) _stringCodes?.MarkMatching(new CodeSetPredicate(codes, [.. codeList]), words);
        if (numbers.Count > 0) _numbers?.MarkMatching(new NumberSetPredicate([.. numbers]), words);
    }

    public void MarkRange(RangeCondition range, ulong[] words) => _numbers?.MarkMatching(RangePredicate.Of(range), words);

    public void MarkPresent(ulong[] words)
    {
        _stringCodes?.MarkPresent(words);
        _numbers?.MarkPresent(words);
        _booleans?.MarkPresent(words);
    }

    /// <summary>Each value the slots below <paramref name="slotCount"/> in <paramref name="mask"/> hold, with how many of them hold it (zero counts left out).</summary>
    public List<FacetValueCount> CountValues(ReadOnlySpan<ulong> mask, bool masked, int slotCount)
    {
        var counts = new List<FacetValueCount>();
        if (_stringCodes is not null)
        {
            var perCode = new CodeCounter(new long[_strings.Count]);
            _stringCodes.VisitValues(ref perCode, mask, masked, slotCount);
            for (var code = 0; code < perCode.Counts.Length; code++)
            {
                if (perCode.Counts[code] > 0) counts.Add(new FacetValueCount(_strings[code], AttributeKind.String, perCode.Counts[code]));
            }
        }
        if (_numbers is not null)
        {
            var perNumber = new NumberCounter(new Dictionary<double, long>());
            _numbers.VisitValues(ref perNumber, mask, masked, slotCount);
            foreach (var (number, count) in perNumber.Counts)
            {
                counts.Add(new FacetValueCount(number.ToString("R", CultureInfo.InvariantCulture), AttributeKind.Number, count));
            }
        }
        if (_booleans is not null)
        {
            foreach (var flag in (ReadOnlySpan<bool>)[true, false])
            {
                var count = _booleans.CountHaving(flag, mask, masked, slotCount);
                if (count > 0) counts.Add(new FacetValueCount(flag ? "true" : "false", AttributeKind.Boolean, count));
            }
        }
        return counts;
    }

    private void AddList(int slot, ImmutableArray<AttributeValue> items, int slotCount)
    {
        List<int>? codes = null;
        List<double>? numbers = null;
        bool hasTrue = false, hasFalse = false;
        foreach (var item in items)
        {
            switch (item.Kind)
            {
                case AttributeKind.String:
                    var code = Encode(item.Text!);
                    if (!(codes ??= []).Contains(code)) codes.Add(code);
                    break;
                case AttributeKind.Number:
                    if (!(numbers ??= []).Contains(item.Number)) numbers.Add(item.Number);
                    break;
                default:
                    hasTrue |= item.Flag;
                    hasFalse |= !item.Flag;
                    break;
            }
        }
        if (codes is not null) (_stringCodes ??= new()).Add(slot, codes.ToArray(), slotCount);
        if (numbers is not null) (_numbers ??= new()).Add(slot, numbers.ToArray(), slotCount);
        if (hasTrue || hasFalse) (_booleans ??= new()).Add(slot, hasTrue, hasFalse);
    }

    private int Encode(string text)
    {
        if (_codes.TryGetValue(text, out var code)) return code;
        code = _strings.Count;
        _codes.Add(text, code);
        _strings.Add(text);
        _stringBytes += StringEntryOverheadBytes + 2L * text.Length;
        return code;
    }

    private struct CodeCounter(long[] counts) : IValueVisitor<int>
    {
        public readonly long[] Counts = counts;

        public readonly void Visit(int value) => Counts[value]++;
    }

    private struct NumberCounter(Dictionary<double, long> counts) : IValueVisitor<double>
    {
        public readonly Dictionary<double, long> Counts = counts;

        public readonly void Visit(double value) => Counts[value] = Counts.GetValueOrDefault(value) + 1;
    }
}
