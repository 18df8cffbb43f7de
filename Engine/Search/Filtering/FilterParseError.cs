namespace UmsOrleans.Engine.Search.Filtering;

/// <summary>Why a filter was refused: the JSON path of the faulty part (e.g. <c>filter.must[2].range.gte</c>) and what is wrong with it.</summary>
public sealed record FilterParseError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
