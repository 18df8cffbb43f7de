namespace UmsOrleans.Engine.Encoders.Ocr.Models;

/// <summary>The four files the OCR engine runs on, as full paths.</summary>
public sealed record OcrModelFiles(string Detection, string Recognition, string AngleClassifier, string Dictionary)
{
    /// <summary>
    /// The files in <paramref name="directory"/> (or its <c>assets/</c> or <c>package/assets/</c>, as the npm package
    /// lays them out); null with the missing names in <paramref name="missing"/> when any is absent.
    /// </summary>
    public static OcrModelFiles? TryFind(string directory, out string missing)
    {
        foreach (var candidate in new[] { directory, Path.Combine(directory, "assets"), Path.Combine(directory, "package", "assets") })
        {
            var files = In(candidate);
            if (files.Missing().Count == 0)
            {
                missing = "";
                return files;
            }
        }
        missing = string.Join(", ", In(directory).Missing().Select(Path.GetFileName));
        return null;
    }

    public static OcrModelFiles In(string directory)
    {
        var full = Path.GetFullPath(directory);
        return new OcrModelFiles(
            Path.Combine(full, OcrModelPackage.DetectionFile),
            Path.Combine(full, OcrModelPackage.RecognitionFile),
            Path.Combine(full, OcrModelPackage.AngleClassifierFile),
            Path.Combine(full, OcrModelPackage.DictionaryFile));
    }

    public IEnumerable<string> All => [Detection, Recognition, AngleClassifier, Dictionary];

    public IReadOnlyList<string> Missing() => [.. All.Where(path => !File.Exists(path))];
}
