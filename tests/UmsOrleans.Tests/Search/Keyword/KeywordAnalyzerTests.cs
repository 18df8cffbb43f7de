using UmsOrleans.Engine.Search.Keyword;

namespace UmsOrleans.Tests.Search.Keyword;

public sealed class KeywordAnalyzerTests
{
    [Theory]
    [InlineData("Hello, World! Don't STOP", new[] { "hello", "world", "dont", "stop" })]
    [InlineData("3.5mm Coca-Cola kid's 1,5L", new[] { "3.5mm", "coca", "cola", "kids", "1,5l" })]
    [InlineData("  Arla  Milk\tFat 3%  ", new[] { "arla", "milk", "fat", "3" })]
    public void English_words_are_split_at_punctuation_and_lower_cased(string text, string[] expected) =>
        Assert.Equal(expected, KeywordAnalyzer.Analyze(text));

    [Theory]
    [InlineData("Crème Brûlée", new[] { "creme", "brulee" })]
    [InlineData("Façade naïve Straße Smørrebrød", new[] { "facade", "naive", "strasse", "smorrebrod" })]
    [InlineData("ＳＯＮＹ ｉＰｈｏｎｅ１５", new[] { "sony", "iphone15" })]
    [InlineData("cre\u0300me", new[] { "creme" })]
    public void Accents_and_fullwidth_forms_fold_to_plain_letters(string text, string[] expected) =>
        Assert.Equal(expected, KeywordAnalyzer.Analyze(text));

    [Theory]
    [InlineData("苹果手机壳", new[] { "苹果", "果手", "手机", "机壳" })]
    [InlineData("水", new[] { "水" })]
    [InlineData("カメラ", new[] { "カメ", "メラ" })]
    [InlineData("한국어", new[] { "한국", "국어" })]
    [InlineData("手机，壳", new[] { "手机", "壳" })]
    public void Cjk_runs_become_overlapping_bigrams_and_a_lone_character_a_unigram(string text, string[] expected) =>
        Assert.Equal(expected, KeywordAnalyzer.Analyze(text));

    [Fact]
    public void Mixed_latin_digits_and_chinese_split_at_the_script_change()
    {
        Assert.Equal(["iphone", "15", "手机", "机壳"], KeywordAnalyzer.Analyze("iPhone 15 手机壳"));
        Assert.Equal(["iphone15", "手机", "机壳", "pro"], KeywordAnalyzer.Analyze("iPhone15手机壳Pro"));
    }

    [Fact]
    public void A_long_word_is_cut_and_empty_text_gives_no_terms()
    {
        var terms = KeywordAnalyzer.Analyze(new string('A', 100) + " b");
        Assert.Equal([new string('a', KeywordAnalyzer.MaxTokenLength), "b"], terms);
        Assert.Empty(KeywordAnalyzer.Analyze(null));
        Assert.Empty(KeywordAnalyzer.Analyze(" ,.!? 🙂 "));
    }

    [Fact]
    public void A_query_keeps_each_term_once_in_first_seen_order() =>
        Assert.Equal(["milk", "oat"], KeywordQuery.Parse("Milk oat MILK").Terms.ToArray());
}
