using Microsoft.ML.Tokenizers;

namespace UmsOrleans.Engine.Encoders.Text;

/// <summary>Token ids of one batch, padded to its longest text: [B × T] ids, attention mask and token types.</summary>
public sealed record TokenBatch(int Count, int Length, long[] Ids, long[] AttentionMask, long[] TokenTypes);

/// <summary>
/// BERT WordPiece over a vocabulary (spec §7.3): basic tokenisation by <see cref="BertBasicTokenizer"/>, WordPiece
/// by Microsoft.ML.Tokenizers, at most L − 2 pieces kept from the start, [CLS] … [SEP].
/// </summary>
/// <remarks>
/// Microsoft.ML.Tokenizers 2.0.1 does its own basic step only approximately: its words are the regex
/// <c>\w+|\p{P}</c>, so symbols that are not Unicode punctuation ($ + = ^ | ~ € ℃ ® ² …) vanish instead of
/// becoming tokens and "_" glues words together; tab, CR and LF are deleted instead of separating words, format
/// characters (U+200B) are kept, and the text comes back NFC-composed. Its WordPiece alone matches.
/// </remarks>
public sealed class BertTextTokenizer
{
    private readonly BertTokenizer _wordPiece;
    private readonly bool _lowerCase;

    public BertTextTokenizer(Stream vocabulary, bool lowerCase, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        // Basic tokenisation off: the words arrive space-separated and WordPiece sees them as they are.
        _wordPiece = BertTokenizer.Create(vocabulary, new BertOptions
        {
            ApplyBasicTokenization = false,
            LowerCaseBeforeTokenization = false,
            SplitOnSpecialTokens = false,
        });
        _lowerCase = lowerCase;
        MaxLength = maxLength;
    }

    public int MaxLength { get; }

    public int PaddingId => _wordPiece.PaddingTokenId;

    /// <summary>The word-piece ids of a text, without [CLS] and [SEP] and not truncated.</summary>
    public IReadOnlyList<int> Pieces(string text)
    {
        var words = BertBasicTokenizer.Split(text, _lowerCase);
        return words.Count == 0 ? [] : _wordPiece.EncodeToIds(string.Join(' ', words), addSpecialTokens: false);
    }

    /// <summary>The ids of one text with [CLS] and [SEP], truncated to the maximum length.</summary>
    public int[] Encode(string text)
    {
        var pieces = Pieces(text);
        var kept = Math.Min(pieces.Count, MaxLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _wordPiece.ClassificationTokenId;
        for (var i = 0; i < kept; i++) ids[i + 1] = pieces[i];
        ids[kept + 1] = _wordPiece.SeparatorTokenId;
        return ids;
    }

    /// <summary>One text as the UMS graphs take it (§7.3): ids, mask and segment ids, all exactly the maximum length.</summary>
    public PaddedTokens EncodePadded(string text)
    {
        var encoded = Encode(text);
        var padded = new PaddedTokens(new long[MaxLength], new long[MaxLength], new long[MaxLength]);
        Array.Fill(padded.Ids, PaddingId);
        for (var t = 0; t < encoded.Length; t++)
        {
            padded.Ids[t] = encoded[t];
            padded.Mask[t] = 1;
        }
        return padded;
    }

    public TokenBatch EncodeBatch(IReadOnlyList<string> texts)
    {
        var encoded = texts.Select(Encode).ToArray();
        var length = encoded.Length == 0 ? 0 : encoded.Max(e => e.Length);
        var ids = new long[encoded.Length * length];
        var mask = new long[encoded.Length * length];
        if (PaddingId != 0) Array.Fill(ids, PaddingId);
        for (var b = 0; b < encoded.Length; b++)
        {
            for (var t = 0; t < encoded[b].Length; t++)
            {
                ids[b * length + t] = encoded[b][t];
                mask[b * length + t] = 1;
            }
        }
        return new TokenBatch(encoded.Length, length, ids, mask, new long[encoded.Length * length]);
    }
}
