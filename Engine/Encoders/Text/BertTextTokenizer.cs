using Microsoft.ML.Tokenizers;

namespace UmsOrleans.Engine.Encoders.Text;

/// <summary>Token ids of one batch, padded to its longest text: [B × T] ids, attention mask and token types.</summary>
public sealed record TokenBatch(int Count, int Length, long[] Ids, long[] AttentionMask, long[] TokenTypes);

/// <summary>
/// BERT WordPiece over a vocabulary (Microsoft.ML.Tokenizers): basic tokenisation (whitespace, punctuation,
/// CJK one by one; lower case and accents stripped when uncased), at most L − 2 pieces kept from the start,
/// [CLS] … [SEP], padding with the pad id, attention mask 1 on real tokens, token types 0.
/// </summary>
public sealed class BertTextTokenizer
{
    private readonly BertTokenizer _tokenizer;
    private readonly int _maxLength;

    public BertTextTokenizer(Stream vocabulary, bool lowerCase, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 3);
        _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = lowerCase,
            ApplyBasicTokenization = true,
            IndividuallyTokenizeCjk = true,
        });
        _maxLength = maxLength;
    }

    /// <summary>The ids of one text with [CLS] and [SEP], truncated to the maximum length.</summary>
    public int[] Encode(string text)
    {
        var pieces = _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        var kept = Math.Min(pieces.Count, _maxLength - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++) ids[i + 1] = pieces[i];
        ids[kept + 1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    public TokenBatch EncodeBatch(IReadOnlyList<string> texts)
    {
        var encoded = texts.Select(Encode).ToArray();
        var length = encoded.Length == 0 ? 0 : encoded.Max(e => e.Length);
        var ids = new long[encoded.Length * length];
        var mask = new long[encoded.Length * length];
        if (_tokenizer.PaddingTokenId != 0) Array.Fill(ids, _tokenizer.PaddingTokenId);
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
