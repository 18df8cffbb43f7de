namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>A test on one stored value; implemented by structs so that each column scan is compiled for its test.</summary>
internal interface IValuePredicate<T>
{
    bool Matches(T value);

    /// <summary>Bit j set when value j of the block matches; the block is at most 64 values.</summary>
    ulong MatchBlock(ReadOnlySpan<T> block);
}

/// <summary>Receives each stored value of the visited slots (facet counting).</summary>
internal interface IValueVisitor<T>
{
    void Visit(T value);
}

/// <summary>A string code or a number equal to the one asked for.</summary>
internal readonly struct EqualsPredicate<T>(T wanted) : IValuePredicate<T> where T : struct, IEquatable<T>
{
    public bool Matches(T value) => value.Equals(wanted);

    public ulong MatchBlock(ReadOnlySpan<T> block) => BlockMatch.Equal(block, wanted);
}

/// <summary>
/// A string code among those asked for, looked up in a bitmap over the key's codes; a few codes are instead
/// compared a vector at a time, one pass per code (cheaper than a lookup per value up to about eight codes).
/// </summary>
internal readonly struct CodeSetPredicate(ulong[] codes, int[] codeList) : IValuePredicate<int>
{
    private const int MostCodesComparedByVector = 8;

    public bool Matches(int value) => (uint)(value >> 6) < (uint)codes.Length && (codes[value >> 6] & (1UL << value)) != 0;

    public ulong MatchBlock(ReadOnlySpan<int> block)
    {
        if (codeList.Length > MostCodesComparedByVector) return BlockMatch.OneByOne<int, CodeSetPredicate>(this, block);
        var bits = 0UL;
        foreach (var code in codeList) bits |= BlockMatch.Equal(block, code);
        return bits;
    }
}

/// <summary>A number among those asked for (an <c>in</c> list, sorted), found by binary search.</summary>
internal readonly struct NumberSetPredicate(double[] sorted) : IValuePredicate<double>
{
    public bool Matches(double value) => Array.BinarySearch(sorted, value) >= 0;

    public ulong MatchBlock(ReadOnlySpan<double> block) => BlockMatch.OneByOne<double, NumberSetPredicate>(this, block);
}

/// <summary>A number within a lower and an upper bound, each inclusive or not (an open bound is an infinity).</summary>
internal readonly struct RangePredicate(double lower, bool lowerInclusive, double upper, bool upperInclusive) : IValuePredicate<double>
{
    public static RangePredicate Of(RangeCondition range) => new(
        range.Gte ?? range.Gt ?? double.NegativeInfinity, range.Gt is null,
        range.Lte ?? range.Lt ?? double.PositiveInfinity, range.Lt is null);

    public double Lower => lower;

    public bool LowerInclusive => lowerInclusive;

    public double Upper => upper;

    public bool UpperInclusive => upperInclusive;

    public bool Matches(double value) =>
        (lowerInclusive ? value >= lower : value > lower) && (upperInclusive ? value <= upper : value < upper);

    public ulong MatchBlock(ReadOnlySpan<double> block) => BlockMatch.Within(block, this);
}
