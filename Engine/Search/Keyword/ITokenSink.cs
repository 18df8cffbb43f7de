namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// Receives the tokens of <see cref="KeywordAnalyzer"/> as spans over a reused buffer, so that indexing looks up
/// known terms without allocating a string per token.
/// </summary>
public interface ITokenSink
{
    /// <summary>One token; the span is valid only during the call.</summary>
    void Accept(ReadOnlySpan<char> token);
}
