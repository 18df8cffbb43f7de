namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// Okapi BM25 as Lucene computes it: idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (never negative), and per term
/// idf × tf × (k1 + 1) / (tf + k1 × (1 − b + b × length / averageLength)). Each field is scored on its own with
/// its own N, df and average length, and a product's score is the weighted sum of its field scores (not BM25F:
/// the per-field form needs no cross-field term statistics, and a shard scores each field's postings in one pass).
/// </summary>
public static class Bm25
{
    public const double K1 = 1.2;
    public const double B = 0.75;

    public static double Idf(long documentCount, long documentFrequency) =>
        Math.Log(1 + (documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));

    /// <summary>One term's score in one field of one product.</summary>
    public static double TermScore(double idf, int termFrequency, int fieldLength, double averageFieldLength) =>
        idf * termFrequency * (K1 + 1) / (termFrequency + K1 * (1 - B + B * fieldLength / averageFieldLength));
}
