using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Ocr;

/// <summary>A committed image of rendered text (Fixtures/make_ocr_fixtures.sh) and the lines it shows, top to bottom.</summary>
public sealed record RenderedText(string Name, byte[] Png, IReadOnlyList<string> Lines)
{
    public static string FixtureDirectory => Path.Combine(TestPaths.RepositoryRoot, "tests", "UmsOrleans.Tests", "Ocr", "Fixtures");

    public static IReadOnlyList<RenderedText> All { get; } = [.. Directory.EnumerateFiles(FixtureDirectory, "*.png").Order(StringComparer.Ordinal).Select(Load)];

    public IEnumerable<string> Words => Lines.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static RenderedText Load(string png) => new(
        Path.GetFileNameWithoutExtension(png),
        File.ReadAllBytes(png),
        File.ReadAllLines(Path.ChangeExtension(png, ".txt")).Where(line => line.Length > 0).ToArray());

    /// <summary>
    /// How many expected words are read exactly, spaces aside: the words are looked for in order, each after the
    /// previous one found, in the text read with its spaces removed. The Chinese PP-OCRv4 recogniser often drops
    /// the spaces between Latin words (as PaddleOCR itself does: PaddleOCR#11386, PaddleX#3519), so "OrganicWholeMilk"
    /// reads three words; "1oo%" for "100%" reads none.
    /// </summary>
    public static int WordsReadExactly(IEnumerable<string> expected, string read)
    {
        var text = read.Replace(" ", "", StringComparison.Ordinal);
        var position = 0;
        var hits = 0;
        foreach (var word in expected)
        {
            var found = text.IndexOf(word, position, StringComparison.Ordinal);
            if (found < 0) continue;
            position = found + word.Length;
            hits++;
        }
        return hits;
    }

    /// <summary>How many expected words appear among the space-separated words read.</summary>
    public static int WordsReadWithSpaces(IEnumerable<string> expected, string read)
    {
        var remaining = read.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        return expected.Count(remaining.Remove);
    }
}
