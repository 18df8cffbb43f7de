using System.Globalization;
using System.Text;

namespace UmsOrleans.Engine.Encoders.Text;

/// <summary>
/// BERT's basic tokenisation as paddlenlp and Hugging Face write it (spec §7.3), before WordPiece: control
/// characters dropped, whitespace made spaces, every CJK ideograph a word of its own, words split on whitespace,
/// lower-cased with accents stripped when uncased, then split around every punctuation character.
/// Microsoft.ML.Tokenizers' own basic step differs (see BertTextTokenizer), so the words come from here.
/// </summary>
public static class BertBasicTokenizer
{
    public static List<string> Split(string text, bool lowerCase)
    {
        var words = new List<string>();
        foreach (var word in Clean(text).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            SplitOnPunctuation(lowerCase ? StripAccents(word.ToLowerInvariant()) : word, words);
        }
        return words;
    }

    /// <summary>
    /// Drops NUL, U+FFFD and every "C*" character (so vertical tab and form feed too) except tab, CR and LF, which
    /// become spaces with the other whitespace; spaces out CJK ideographs.
    /// </summary>
    private static string Clean(string text)
    {
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value is 0 or 0xFFFD || IsControl(rune)) continue;
            if (Rune.IsWhiteSpace(rune)) cleaned.Append(' ');
            else if (IsCjkIdeograph(rune.Value)) cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            else cleaned.Append(rune.ToString());
        }
        return cleaned.ToString();
    }

    /// <summary>paddlenlp's _is_control: any "C*" category (Cc, Cf, Cs, Co, Cn) but tab, CR and LF.</summary>
    private static bool IsControl(Rune rune) => rune.Value is not ('\t' or '\n' or '\r') && Rune.GetUnicodeCategory(rune)
        is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>The CJK Unified Ideographs blocks and extensions A–E plus the compatibility blocks (not kana, not Hangul).</summary>
    internal static bool IsCjkIdeograph(int codePoint) => codePoint is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF
        or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
        or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    /// <summary>NFD, then the non-spacing marks removed; the rest stays decomposed (as in Python, e.g. Hangul as jamo).</summary>
    private static string StripAccents(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var stripped = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) stripped.Append(rune.ToString());
        }
        return stripped.ToString();
    }

    private static void SplitOnPunctuation(string word, List<string> words)
    {
        var start = 0;
        var index = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            if (IsPunctuation(rune))
            {
                if (index > start) words.Add(word[start..index]);
                words.Add(rune.ToString());
                start = index + rune.Utf16SequenceLength;
            }
            index += rune.Utf16SequenceLength;
        }
        if (index > start) words.Add(word[start..index]);
    }

    /// <summary>Every non-letter, non-digit ASCII symbol ($, +, ^, ` …, not only Unicode "P*"), and every Unicode "P*" character.</summary>
    internal static bool IsPunctuation(Rune rune) => rune.Value is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126
        || Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
}
