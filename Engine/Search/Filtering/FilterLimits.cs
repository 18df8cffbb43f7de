namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>The bounds a filter must keep, so that one request cannot make a shard scan without end.</summary>
public static class FilterLimits
{
    /// <summary>Conditions (match, in, range, exists) in one filter, all levels together.</summary>
    public const int MaxConditions = 64;

    /// <summary>Levels of must/should/mustNot objects, the outermost filter object being level 1.</summary>
    public const int MaxDepth = 8;

    /// <summary>Values in one <c>in</c> list.</summary>
    public const int MaxInValues = 1024;

    /// <summary>Characters of one string value or attribute name.</summary>
    public const int MaxTextLength = 1024;
}
