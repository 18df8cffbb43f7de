using System.Globalization;
using System.Text;

namespace UmsOrleans.Engine.Search.Keyword;

/// <summary>
/// Splits text into search terms: words of letters and digits, lower-cased (invariant) and folded to their base
/// letters ("Crème" → "creme", fullwidth "ＳＯＮＹ" → "sony"), and overlapping character bigrams for each run of CJK
/// characters (Han, Hiragana, Katakana, Hangul: "手机壳" → "手机", "机壳"; a lone CJK character stays a unigram).
/// The same analysis runs on indexed text and on queries, so folding only has to be consistent, not linguistic.
/// </summary>
/// <remarks>
/// Written here instead of taken from Lucene.Net.Analysis.Common (StandardTokenizer + CJKBigramFilter +
/// LowerCaseFilter give the same terms on product titles): that package is a beta with a large dependency, builds
/// attribute objects per token stream and a string per token; this is one pass over the characters that hands each
/// token to a sink as a span (no allocation for a word whose term is already known; accent folding allocates, but
/// only for a word holding a non-ASCII letter). Simplifications against Unicode word segmentation (UAX #29), each
/// chosen for product text: an apostrophe between letters is dropped ("kid's" → "kids", so it matches "kids");
/// "." or "," between digits joins ("3.5"); other punctuation, hyphens included, separates ("coca-cola" → "coca",
/// "cola"); letters and digits together stay one word ("15mm", "iphone15"); a word is cut at
/// <see cref="MaxTokenLength"/> characters; characters outside the basic plane (emoji, CJK extension B) separate;
/// scripts written without spaces other than CJK (Thai, Lao) are not segmented.
/// </remarks>
public static class KeywordAnalyzer
{
    /// <summary>Characters kept of one word; the rest of a longer word is dropped.</summary>
    public const int MaxTokenLength = 64;

    /// <summary>The terms of <paramref name="text"/>, in order, repeats kept.</summary>
    public static List<string> Analyze(string? text)
    {
        var sink = new ListSink([]);
        Analyze(text.AsSpan(), ref sink);
        return sink.Tokens;
    }

    /// <summary>Hands the terms of <paramref name="text"/> to <paramref name="sink"/>, in order, repeats kept.</summary>
    public static void Analyze<TSink>(ReadOnlySpan<char> text, ref TSink sink) where TSink : struct, ITokenSink
    {
        Span<char> word = stackalloc char[MaxTokenLength];
        var length = 0;
        var nonAscii = false;
        var cjkStart = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsCjk(c))
            {
                FlushWord(word, ref length, ref nonAscii, ref sink);
                if (cjkStart < 0) cjkStart = i;
                continue;
            }
            if (cjkStart >= 0)
            {
                EmitBigrams(text[cjkStart..i], ref sink);
                cjkStart = -1;
            }
            if (IsWordChar(c))
            {
                if (length < MaxTokenLength)
                {
                    if (c < 128)
                    {
                        word[length++] = c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
                    }
                    else
                    {
                        word[length++] = char.ToLowerInvariant(c);
                        nonAscii = true;
                    }
                }
                continue;
            }
            if (length > 0 && i + 1 < text.Length && JoinsWord(c, text[i - 1], text[i + 1]))
            {
                if (c is '.' or ',' && length < MaxTokenLength) word[length++] = c;
                continue;
            }
            FlushWord(word, ref length, ref nonAscii, ref sink);
        }
        FlushWord(word, ref length, ref nonAscii, ref sink);
        if (cjkStart >= 0) EmitBigrams(text[cjkStart..], ref sink);
    }

    /// <summary>Han, Hiragana, Katakana and Hangul, the scripts bigrammed instead of split at spaces.</summary>
    public static bool IsCjk(char c) => c switch
    {
        >= '\u3040' and <= '\u30FF' => true, // Hiragana, Katakana
        >= '\u31F0' and <= '\u31FF' => true, // Katakana phonetic extensions
        >= '\u3400' and <= '\u4DBF' => true, // Han extension A
        >= '\u4E00' and <= '\u9FFF' => true, // Han
        >= '\uF900' and <= '\uFAFF' => true, // Han compatibility
        >= '\uAC00' and <= '\uD7AF' => true, // Hangul syllables
        >= '\u1100' and <= '\u11FF' => true, // Hangul jamo
        >= '\u3130' and <= '\u318F' => true, // Hangul compatibility jamo
        >= '\u3005' and <= '\u3007' => true, // 々 〆 〇
        >= '\uFF66' and <= '\uFFDC' => true, // halfwidth Katakana and Hangul
        _ => false,
    };

    private static bool IsWordChar(char c)
    {
        if (c < 128) return c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
        if (char.IsLetterOrDigit(c)) return true;
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    /// <summary>An apostrophe between letters, or a decimal point or comma between digits.</summary>
    private static bool JoinsWord(char c, char before, char after) => c switch
    {
        '\'' or '\u2019' => char.IsLetter(before) && char.IsLetter(after),
        '.' or ',' => char.IsAsciiDigit(before) && char.IsAsciiDigit(after),
        _ => false,
    };

    private static void EmitBigrams<TSink>(ReadOnlySpan<char> run, ref TSink sink) where TSink : struct, ITokenSink
    {
        if (run.Length == 1)
        {
            sink.Accept(run);
            return;
        }
        for (var i = 0; i + 1 < run.Length; i++) sink.Accept(run.Slice(i, 2));
    }

    private static void FlushWord<TSink>(Span<char> word, ref int length, ref bool nonAscii, ref TSink sink)
        where TSink : struct, ITokenSink
    {
        if (length == 0) return;
        if (nonAscii)
        {
            Span<char> folded = stackalloc char[MaxTokenLength];
            var foldedLength = Fold(word[..length], folded);
            if (foldedLength > 0) sink.Accept(folded[..foldedLength]);
        }
        else
        {
            sink.Accept(word[..length]);
        }
        length = 0;
        nonAscii = false;
    }

    /// <summary>
    /// Compatibility decomposition (fullwidth and ligature forms to plain letters), combining marks dropped, and the
    /// few Latin letters that do not decompose spelled out (ß → ss, æ → ae, ø → o, ł → l …).
    /// </summary>
    private static int Fold(ReadOnlySpan<char> word, Span<char> into)
    {
        var length = 0;
        foreach (var c in new string(word).Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            var spelled = c switch
            {
                'ß' => "ss",
                'æ' => "ae",
                'œ' => "oe",
                'ø' => "o",
                'ł' => "l",
                'đ' or 'ð' => "d",
                'þ' => "th",
                'ı' => "i",
                _ => null,
            };
            if (spelled is null)
            {
                if (length == into.Length) break;
                into[length++] = char.ToLowerInvariant(c);
                continue;
            }
            foreach (var s in spelled)
            {
                if (length == into.Length) break;
                into[length++] = s;
            }
        }
        return length;
    }

    private readonly struct ListSink(List<string> tokens) : ITokenSink
    {
        public List<string> Tokens { get; } = tokens;

        public void Accept(ReadOnlySpan<char> token) => Tokens.Add(new string(token));
    }
}
