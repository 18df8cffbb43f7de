using System.Text;
using UmsOrleans.Engine.Encoders.Text;

namespace UmsOrleans.Engine.Evaluation.Datasets.Ocr;

/// <summary>
/// A folder of precomputed OCR files, one per image (§7.4): every <c>*.txt</c> in it, keyed by the last
/// <c>_</c>-separated piece of its base name and matched against an image's base name. Python fills a dict in
/// <c>glob</c> order, so of two files with one key the later wins; that order is the file system's, so here it is
/// ordinal name order (last wins). A file is read and parsed when its image is, as <c>__getitem__</c> does.
/// </summary>
public sealed class OcrFolder
{
    // Python's open() in text mode: UTF-8 (the usual locale) with no BOM removal, so a BOM breaks the first int().
    private static readonly UTF8Encoding Utf8Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public OcrFolder(string path, OcrLineFormat format)
    {
        Path = path;
        Format = format;
        var options = new EnumerationOptions { MatchCasing = MatchCasing.CaseSensitive, RecurseSubdirectories = false };
        foreach (var file in Directory.EnumerateFiles(path, "*.txt", options).Order(StringComparer.Ordinal))
        {
            _files[KeyOf(file)] = file;
        }
    }

    public string Path { get; }

    public OcrLineFormat Format { get; }

    public int Files => _files.Count;

    public static string KeyOf(string ocrFile) => System.IO.Path.GetFileNameWithoutExtension(ocrFile).Split('_')[^1];

    /// <summary>The strings of the image's OCR file in line order, or null when no file has the image's key.</summary>
    /// <exception cref="UnusableOcrFileException">A file or line Python would fail on (the sample is dropped), naming file and line.</exception>
    public IReadOnlyList<SceneTextString>? Read(string imagePath)
    {
        if (!_files.TryGetValue(System.IO.Path.GetFileNameWithoutExtension(imagePath), out var file)) return null;
        var strings = new List<SceneTextString>();
        var lineNumber = 0;
        try
        {
            using var reader = new StreamReader(file, Utf8Strict, detectEncodingFromByteOrderMarks: false);
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                strings.Add(OcrLineParser.Parse(line, Format));
            }
        }
        catch (FormatException exception)
        {
            throw new UnusableOcrFileException($"OCR file {System.IO.Path.GetFileName(file)} line {lineNumber}: {exception.Message}", exception);
        }
        catch (DecoderFallbackException exception)
        {
            throw new UnusableOcrFileException($"OCR file {System.IO.Path.GetFileName(file)} is not UTF-8: {exception.Message}", exception);
        }
        catch (IOException exception)
        {
            throw new UnusableOcrFileException($"OCR file {System.IO.Path.GetFileName(file)} could not be read: {exception.Message}", exception);
        }
        return strings;
    }
}
