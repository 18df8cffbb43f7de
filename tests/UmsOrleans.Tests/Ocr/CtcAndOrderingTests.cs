using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Ocr.Geometry;
using UmsOrleans.Engine.Encoders.Ocr.Recognition;

namespace UmsOrleans.Tests.Ocr;

/// <summary>CTC greedy decoding and reading order, by hand.</summary>
public sealed class CtcAndOrderingTests
{
    private static readonly CharacterDictionary Dictionary = new(["a", "b", "c"]);

    [Fact]
    public void The_dictionary_has_blank_first_and_space_last()
    {
        Assert.Equal(5, Dictionary.Count);
        Assert.Equal("", Dictionary[CharacterDictionary.Blank]);
        Assert.Equal("a", Dictionary[1]);
        Assert.Equal(" ", Dictionary[4]);
    }

    [Fact]
    public void Repeats_merge_blanks_split_and_confidence_is_the_mean_of_kept_characters()
    {
        // Best classes per step: a a blank a b space c c → "aab c"; kept steps 0, 3, 4, 5, 6.
        (int Class, float P)[] steps = [(1, 0.9f), (1, 0.5f), (0, 0.8f), (1, 0.7f), (2, 0.6f), (4, 0.8f), (3, 1.0f), (3, 0.4f)];
        var (text, confidence) = CtcGreedyDecoder.Decode(Probabilities(steps), Dictionary);
        Assert.Equal("aab c", text);
        Assert.Equal((0.9f + 0.7f + 0.6f + 0.8f + 1.0f) / 5, confidence, 5);
    }

    [Fact]
    public void Only_blanks_read_as_nothing_with_no_confidence()
    {
        var (text, confidence) = CtcGreedyDecoder.Decode(Probabilities([(0, 0.9f), (0, 0.99f)]), Dictionary);
        Assert.Equal("", text);
        Assert.Equal(0f, confidence);
    }

    [Fact]
    public void Boxes_are_read_top_to_bottom_then_left_to_right_within_a_line()
    {
        var right = Box(200, 52);
        var left = Box(10, 55);      // 3 px lower than right: same line, so first
        var top = Box(100, 10);
        var below = Box(5, 80);      // 25 px lower than left: next line
        var sorted = LineOrdering.Sort([right, below, left, top]);
        Assert.Equal([top, left, right, below], sorted);
    }

    private static Point2d[] Box(double x, double y) => [new(x, y), new(x + 50, y), new(x + 50, y + 20), new(x, y + 20)];

    private static float[] Probabilities((int Class, float P)[] steps)
    {
        var probabilities = new float[steps.Length * Dictionary.Count];
        for (var t = 0; t < steps.Length; t++)
        {
            var rest = (1 - steps[t].P) / (Dictionary.Count - 1);
            for (var c = 0; c < Dictionary.Count; c++) probabilities[t * Dictionary.Count + c] = c == steps[t].Class ? steps[t].P : rest;
        }
        return probabilities;
    }
}
