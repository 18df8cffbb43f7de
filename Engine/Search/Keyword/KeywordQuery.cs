using System.Collections.Immutable;

namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// An analysed keyword query: its distinct terms in first-seen order (a repeated word counts once). Plain strings,
/// so the gateway can analyse once and send the same terms to every shard.
/// </summary>
public sealed record KeywordQuery(ImmutableArray<string> Terms)
{
    /// <summary>Analyses <paramref name="text"/> with <see cref="KeywordAnalyzer"/>.</summary>
    public static KeywordQuery Parse(string? text) => new([.. KeywordAnalyzer.Analyze(text).Distinct(StringComparer.Ordinal)]);

    public bool IsEmpty => Terms.IsDefaultOrEmpty;
}
