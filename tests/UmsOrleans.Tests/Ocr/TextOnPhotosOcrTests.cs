using Xunit.Abstractions;

namespace UmsOrleans.Tests.Ocr;

/// <summary>PP-OCRv4 on grocery photos with label text drawn on them (<see cref="TextOnPhotos"/>).</summary>
public sealed class TextOnPhotosOcrTests(OcrModelsFixture models, ITestOutputHelper output) : IClassFixture<OcrModelsFixture>
{
    /// <summary>As on plain backgrounds (RenderedTextOcrTests): clean printed text on a label band is read nearly perfectly.</summary>
    private const double MinWordAccuracy = 0.9;

    [NpmFact]
    public void Reads_at_least_nine_words_in_ten_drawn_on_photos_exactly()
    {
        Assert.True(TextOnPhotos.FontsInstalled, $"the DejaVu fonts are missing from {TextOnPhotos.FontDirectory}: apt-get install fonts-dejavu-core");
        var photos = TextOnPhotos.Render();
        var results = models.Engine.Read([.. photos.Select(p => p.Png)]);
        int expected = 0, read = 0;
        for (var i = 0; i < photos.Count; i++)
        {
            var words = photos[i].Words.ToList();
            var hits = RenderedText.WordsReadExactly(words, results[i].Text);
            output.WriteLine($"{photos[i].Name}: {hits}/{words.Count} words of '{string.Join(" / ", photos[i].Lines)}'; read: {string.Join(" | ", results[i].Lines.Select(l => l.Text))}");
            expected += words.Count;
            read += hits;
        }
        output.WriteLine($"{read}/{expected} words read exactly ({100.0 * read / expected:F1} %) on {photos.Count} photos");
        Assert.Equal(12, photos.Count);
        Assert.True(read >= MinWordAccuracy * expected, $"{read} of {expected} words read exactly");
    }
}
