using UmsOrleans.Engine.Encoders.Ocr;
using Xunit.Abstractions;

namespace UmsOrleans.Tests.Ocr;

/// <summary>PP-OCRv4 end to end on committed images of rendered text (DejaVu fonts, several sizes and colours).</summary>
public sealed class RenderedTextOcrTests(OcrModelsFixture models, ITestOutputHelper output) : IClassFixture<OcrModelsFixture>
{
    /// <summary>The share of words that must be read exactly; PaddleOCR reads clean rendered text nearly perfectly.</summary>
    private const double MinWordAccuracy = 0.9;

    [NpmFact]
    public void Reads_at_least_nine_words_in_ten_exactly()
    {
        var fixtures = RenderedText.All;
        var results = models.Engine.Read([.. fixtures.Select(f => f.Png)]);
        int expected = 0, read = 0, spaced = 0;
        for (var i = 0; i < fixtures.Count; i++)
        {
            var words = fixtures[i].Words.ToList();
            var hits = RenderedText.WordsReadExactly(words, results[i].Text);
            spaced += RenderedText.WordsReadWithSpaces(words, results[i].Text);
            output.WriteLine($"{fixtures[i].Name}: {hits}/{words.Count} words; read: {string.Join(" | ", results[i].Lines.Select(l => $"{l.Text} ({l.Confidence:F2})"))}");
            expected += words.Count;
            read += hits;
        }
        output.WriteLine($"{read}/{expected} words read exactly ({spaced} of them also with the spaces around them)");
        Assert.True(fixtures.Count >= 5, "the fixtures are missing");
        Assert.True(read >= MinWordAccuracy * expected, $"{read} of {expected} words read exactly");
    }

    /// <summary>
    /// With the default unclip ratio (1.5) the boxes hug the letters and the recogniser drops most spaces between
    /// Latin words (6 of 39 words keep them); grown a little more (2.0) most words keep them. 0.8, not 0.9:
    /// "Best before 2027-03-15" still comes out as one word in bold, and a line's batch neighbours, which set its
    /// padding, can still swallow a space.
    /// </summary>
    [NpmFact]
    public void With_unclip_ratio_two_most_words_keep_their_spaces()
    {
        const double MinWordAccuracyWithSpaces = 0.8;
        var fixtures = RenderedText.All;
        var results = models.CreateEngine(new OcrOptions { UnclipRatio = 2.0 }).Read([.. fixtures.Select(f => f.Png)]);
        var expected = fixtures.Sum(f => f.Words.Count());
        var read = fixtures.Select((f, i) => RenderedText.WordsReadWithSpaces(f.Words, results[i].Text)).Sum();
        output.WriteLine($"unclip 2.0: {read}/{expected} words read with their spaces; {string.Join(" | ", results.Select(r => r.Text))}");
        Assert.True(read >= MinWordAccuracyWithSpaces * expected, $"{read} of {expected} words read with their spaces");
    }

    [NpmFact]
    public void Lines_come_top_to_bottom_with_boxes_around_their_text()
    {
        foreach (var fixture in RenderedText.All.Where(f => f.Lines.Count > 1))
        {
            var image = models.Decoding.Decode(fixture.Png);
            var lines = models.Engine.Read([image])[0].Lines;
            Assert.Equal(fixture.Lines.Count, lines.Count);
            for (var i = 0; i < lines.Count; i++)
            {
                Assert.Equal(4, lines[i].Box.Count);
                Assert.All(lines[i].Box, p => Assert.InRange(p.X, 0, image.Width));
                Assert.All(lines[i].Box, p => Assert.InRange(p.Y, 0, image.Height));
                Assert.True(lines[i].Confidence is > 0.5f and <= 1f, $"{fixture.Name} line {i}: confidence {lines[i].Confidence}");
                // Each line read starts with the first word of the line rendered at that place.
                Assert.StartsWith(fixture.Lines[i].Split(' ')[0], lines[i].Text);
                if (i > 0) Assert.True(lines[i].Box[0].Y > lines[i - 1].Box[3].Y - 4, $"{fixture.Name}: line {i} is not below line {i - 1}");
            }
        }
    }

    [NpmFact]
    public async Task Concurrent_calls_read_the_same_as_one_call()
    {
        var photos = RenderedText.All.Select(f => f.Png).ToArray();
        var alone = models.Engine.Read(photos).Select(r => r.Text).ToArray();
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => models.Engine.Read(photos))));
        Assert.All(concurrent, results => Assert.Equal(alone, results.Select(r => r.Text)));
    }

    [NpmFact]
    public void A_photo_that_cannot_be_decoded_fails_alone()
    {
        var results = models.Engine.Read([RenderedText.All[0].Png, "not an image"u8.ToArray()]);
        Assert.NotEmpty(results[0].Lines);
        Assert.Null(results[0].Error);
        Assert.Empty(results[1].Lines);
        Assert.Contains("not recognised", results[1].Error);
    }

    [NpmFact]
    public void The_angle_classifier_turns_upside_down_text()
    {
        var fixture = RenderedText.All.Single(f => f.Name == "milk");
        var image = models.Decoding.Decode(fixture.Png);
        var turned = UpsideDown(image);
        var withClassifier = models.CreateEngine(new OcrOptions { UseAngleClassifier = true }).Read([turned])[0];
        var without = models.Engine.Read([turned])[0];
        output.WriteLine($"upside down, with classifier: {withClassifier.Text}; without: {without.Text}");
        // Turned, the last line is on top: compare the lines in any order.
        var expected = fixture.Lines.Select(l => l.Replace(" ", "", StringComparison.Ordinal)).Order().ToArray();
        Assert.Equal(expected, withClassifier.Lines.Select(l => l.Text.Replace(" ", "", StringComparison.Ordinal)).Order());
        Assert.Equal(0, RenderedText.WordsReadExactly(fixture.Words, without.Text));
    }

    private static Engine.Encoders.Images.RgbImage UpsideDown(Engine.Encoders.Images.RgbImage image)
    {
        var pixels = new byte[image.Pixels.Length];
        var count = image.Width * image.Height;
        for (var i = 0; i < count; i++) image.Pixels.AsSpan(i * 3, 3).CopyTo(pixels.AsSpan((count - 1 - i) * 3, 3));
        return image with { Pixels = pixels };
    }
}
