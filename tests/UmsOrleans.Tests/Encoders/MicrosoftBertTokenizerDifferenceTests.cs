using Microsoft.ML.Tokenizers;

namespace UmsOrleans.Tests.Encoders;

/// <summary>
/// Why BertTextTokenizer does its own basic tokenisation: Microsoft.ML.Tokenizers' BertTokenizer with its basic
/// step on differs from §7.3 on these strings (each expected §7.3 result is in BertTokenizationTests). When one
/// of these fails after a package update, the library may have come closer to paddlenlp.
/// </summary>
public sealed class MicrosoftBertTokenizerDifferenceTests
{
    private static BertTokenizer Create(bool lowerCase)
    {
        using var stream = SmallVocabulary.Open();
        return BertTokenizer.Create(stream, new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase });
    }

    [Theory]
    [InlineData("$2+€", new[] { 2, 15, 3 })]            // §7.3: $ 2 + € — symbols outside \p{P} vanish
    [InlineData("fresh_milk", new[] { 2, 1, 3 })]       // §7.3: fresh _ milk — "_" is a word character of \w
    [InlineData("fresh\tmilk", new[] { 2, 1, 3 })]      // §7.3: fresh milk — the tab is deleted, not a space
    [InlineData("fresh\u200Bmilk", new[] { 2, 26, 27, 3 })] // §7.3: [UNK] — U+200B splits instead of vanishing
    public void Lower_cased(string text, int[] libraryIds) => Assert.Equal(libraryIds, Create(lowerCase: true).EncodeToIds(text));

    [Fact]
    public void Not_lower_cased_the_text_is_composed()
    {
        // §7.3: [UNK] — the decomposed é is recomposed (NFC) into the vocabulary's café.
        Assert.Equal([2, 18, 3], Create(lowerCase: false).EncodeToIds("cafe\u0301"));
    }
}
