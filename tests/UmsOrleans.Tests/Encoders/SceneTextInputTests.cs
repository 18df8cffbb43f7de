using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Tests.Encoders;

/// <summary>Spec §7.4 on <see cref="SmallVocabulary"/> (ids listed in BertTokenizationTests).</summary>
public sealed class SceneTextInputTests
{
    [Fact]
    public void Each_word_piece_gets_its_string_box_normalised_by_the_photo_size_then_truncated()
    {
        // max length 6: 4 pieces kept out of 伊 利 | fresh milk | yo ##gh ##urt.
        var input = SceneTextInput.Create(SmallVocabulary.Tokenizer(maxLength: 6),
            [new("伊利", 10, 20, 50, 40), new("fresh milk", 0, 50, 100, 70), new("yoghurt", 0, 100, 150, 300)], width: 100, height: 200);

        Assert.Equal([2, 8, 9, 26, 27, 3], input.Tokens.Ids);
        Assert.Equal([1, 1, 1, 1, 1, 1], input.Tokens.Mask);
        Assert.Equal(new long[6], input.Tokens.SegmentIds);
        Assert.Equal(
            [0, 0, 1, 1,
             0.1f, 0.1f, 0.5f, 0.2f,
             0.1f, 0.1f, 0.5f, 0.2f,
             0, 0.25f, 1, 0.35f,
             0, 0.25f, 1, 0.35f,
             0, 0, 1, 1],
            input.Boxes);
    }

    [Fact]
    public void Short_text_is_padded_with_zero_boxes_and_boxes_are_not_clipped()
    {
        var input = SceneTextInput.Create(SmallVocabulary.Tokenizer(maxLength: 6), [new("milky", -10, 0, 150, 100)], width: 100, height: 100);

        Assert.Equal([2, 1, 3, 0, 0, 0], input.Tokens.Ids);
        Assert.Equal([1, 1, 1, 0, 0, 0], input.Tokens.Mask);
        Assert.Equal([0, 0, 1, 1, -0.1f, 0, 1.5f, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], input.Boxes);
    }

    [Fact]
    public void No_scene_text_is_cls_and_sep_with_whole_image_boxes()
    {
        var input = SceneTextInput.Create(SmallVocabulary.Tokenizer(maxLength: 4), [], width: 640, height: 480);

        Assert.Equal([2, 3, 0, 0], input.Tokens.Ids);
        Assert.Equal([1, 1, 0, 0], input.Tokens.Mask);
        Assert.Equal([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], input.Boxes);
    }

    [Fact]
    public void An_ocr_line_is_boxed_by_its_first_and_third_corners()
    {
        var line = new OcrLine([new(12, 30), new(80, 31), new(81, 52), new(11, 50)], "milk", 0.99f);
        Assert.Equal(new SceneTextString("milk", 12, 30, 81, 52), SceneTextString.FromLine(line));
    }
}
