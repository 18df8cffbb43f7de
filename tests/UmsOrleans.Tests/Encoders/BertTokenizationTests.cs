namespace UmsOrleans.Tests.Encoders;

/// <summary>
/// Spec §7.3 on <see cref="SmallVocabulary"/> with ids computed by hand: [PAD] 0, [UNK] 1, [CLS] 2, [SEP] 3, then
/// 牛 5, 奶 6, 酸 7, 伊 8, 利 9, 蒙 10, ##ml 11, m 12, ##m 13, 250 14, 2 15, "，" 16, cafe 17, café 18, Café 19,
/// creme 20, brul 21, ##ee 22, + 23, $ 24, € 25, fresh 26, milk 27, yo 30, ##gh 31, ##urt 32, _ 33, ##牛 34.
/// </summary>
public sealed class BertTokenizationTests
{
    [Fact]
    public void Chinese_characters_are_one_token_each_and_never_continuation_pieces()
    {
        // 纯 is not in the vocabulary; 牛 after 纯 is 牛 (5), not ##牛 (34).
        Assert.Equal([2, 8, 9, 1, 5, 6, 3], SmallVocabulary.Tokenizer().Encode("伊利纯牛奶"));
    }

    [Fact]
    public void Mixed_chinese_english_and_digits_split_at_each_ideograph_and_fullwidth_punctuation()
    {
        // 奶|250ml: the ideograph is spaced out; 250ml = 250 ##ml; "，" (U+FF0C) is punctuation; Fresh lower-cased.
        Assert.Equal([2, 10, 5, 7, 6, 14, 11, 16, 26, 27, 3], SmallVocabulary.Tokenizer().Encode("蒙牛酸奶250ml，Fresh milk"));
    }

    [Fact]
    public void Ascii_symbols_are_split_off_and_other_symbols_kept()
    {
        // $ and + are split as ASCII punctuation; € is a symbol (Sc) that is not split, here alone after +.
        Assert.Equal([2, 24, 15, 23, 25, 3], SmallVocabulary.Tokenizer().Encode("$2+€"));
        Assert.Equal([2, 26, 33, 27, 3], SmallVocabulary.Tokenizer().Encode("fresh_milk"));
    }

    [Fact]
    public void Lower_casing_strips_accents()
    {
        // brulee = brul ##ee.
        Assert.Equal([2, 17, 20, 21, 22, 3], SmallVocabulary.Tokenizer(lowerCase: true).Encode("Café Crème BRÛLÉE"));
    }

    [Fact]
    public void Without_lower_casing_case_and_accents_stay_as_written()
    {
        // Crème: no piece starts with "C" → [UNK]. A decomposed é (e + U+0301) stays decomposed: cafe, then no "##\u0301".
        Assert.Equal([2, 19, 1, 18, 3], SmallVocabulary.Tokenizer(lowerCase: false).Encode("Café Crème café"));
        Assert.Equal([2, 1, 3], SmallVocabulary.Tokenizer(lowerCase: false).Encode("cafe\u0301"));
    }

    [Fact]
    public void A_word_that_cannot_be_matched_to_its_end_becomes_one_unknown_token()
    {
        // yoghurt = yo ##gh ##urt; yogurt has no ##g…; milky matches milk, then no ##y: [UNK], not milk [UNK].
        Assert.Equal([2, 30, 31, 32, 1, 1, 3], SmallVocabulary.Tokenizer().Encode("yoghurt yogurt milky"));
    }

    [Fact]
    public void A_word_longer_than_a_hundred_characters_is_unknown()
    {
        var tokenizer = SmallVocabulary.Tokenizer();
        Assert.Equal([12, .. Enumerable.Repeat(13, 99)], tokenizer.Pieces(new string('m', 100)));
        Assert.Equal([1], tokenizer.Pieces(new string('M', 101)));
    }

    [Fact]
    public void Tab_and_newline_separate_words_while_format_and_control_characters_vanish()
    {
        var tokenizer = SmallVocabulary.Tokenizer();
        Assert.Equal([2, 26, 27, 3], tokenizer.Encode("fresh\tmilk"));
        Assert.Equal([2, 26, 27, 3], tokenizer.Encode("fresh\r\nmilk\u0000"));
        // Zero-width space (Cf) and vertical tab (Cc) are dropped, gluing freshmilk into one unknown word.
        Assert.Equal([2, 1, 3], tokenizer.Encode("fresh\u200Bmilk"));
        Assert.Equal([2, 1, 3], tokenizer.Encode("fresh\vmilk"));
    }

    [Fact]
    public void The_first_max_length_minus_two_pieces_are_kept()
    {
        Assert.Equal([2, 5, 6, 26, 27, 3], SmallVocabulary.Tokenizer(maxLength: 6).Encode("牛奶 fresh milk 伊利"));
    }

    [Fact]
    public void A_padded_text_has_the_maximum_length_a_mask_on_real_tokens_and_zero_segments()
    {
        var padded = SmallVocabulary.Tokenizer(maxLength: 8).EncodePadded("Fresh milk");
        Assert.Equal([2, 26, 27, 3, 0, 0, 0, 0], padded.Ids);
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0], padded.Mask);
        Assert.Equal(new long[8], padded.SegmentIds);
    }

    [Fact]
    public void An_empty_text_is_cls_and_sep()
    {
        var padded = SmallVocabulary.Tokenizer(maxLength: 4).EncodePadded(" \t ");
        Assert.Equal([2, 3, 0, 0], padded.Ids);
        Assert.Equal([1, 1, 0, 0], padded.Mask);
    }
}
