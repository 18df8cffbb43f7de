using System.Security.Cryptography;
using System.Text.Json;
using UmsOrleans.Engine.Catalog;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// Writes a collection's read snapshot into a new snapshot folder, one product at a time (never the whole collection
/// in memory). The folder is assembled under a hidden temporary name beside it and renamed into place only once its
/// data and manifest are on disk, so a snapshot that exists is complete; a failed write leaves nothing behind.
/// </summary>
public static class SnapshotWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    /// <exception cref="IOException">The folder exists already or cannot be written.</exception>
    public static async Task<SnapshotInfo> WriteAsync(
        CatalogReadSnapshot source, string folder, TimeProvider time, IProgress<SnapshotProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        var name = Path.GetFileName(folder);
        if (Directory.Exists(folder) || File.Exists(folder)) throw new IOException($"snapshot '{folder}' exists already.");
        var parent = Path.GetDirectoryName(folder)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{name}.partial-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            var createdAt = time.GetUtcNow();
            var (products, bytes, sha256) = await WriteDataAsync(source, Path.Combine(temporary, SnapshotManifest.DefaultDataFile), progress, cancellationToken);
            var manifest = new SnapshotManifest(
                SnapshotManifest.CurrentFormatVersion, source.Collection.Name, SnapshotSettings.Of(source.Collection), createdAt,
                products, SnapshotManifest.DefaultDataFile, bytes, sha256);
            await using (var stream = new FileStream(Path.Combine(temporary, SnapshotManifest.FileName), FileMode.CreateNew, FileAccess.Write))
            {
                await JsonSerializer.SerializeAsync(stream, manifest, SnapshotManifest.Json, cancellationToken);
                stream.Flush(flushToDisk: true);
            }
            Directory.Move(temporary, folder);
            return new SnapshotInfo(name, manifest.Collection, products, SnapshotDirectory.SizeOf(folder), createdAt);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    private static async Task<(long Products, long Bytes, string Sha256)> WriteDataAsync(
        CatalogReadSnapshot source, string path, IProgress<SnapshotProgress>? progress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long products = 0;
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await foreach (var product in source.ReadProductsAsync(cancellationToken))
        {
            var line = JsonSerializer.SerializeToUtf8Bytes(SnapshotProductLine.Of(product), SnapshotProductLine.Json);
            hash.AppendData(line);
            hash.AppendData(NewLine);
            await stream.WriteAsync(line, cancellationToken);
            await stream.WriteAsync(NewLine, cancellationToken);
            products++;
            if (products % 256 == 0) progress?.Report(new SnapshotProgress(products, source.Products));
        }
        await stream.FlushAsync(cancellationToken);
        stream.Flush(flushToDisk: true);
        progress?.Report(new SnapshotProgress(products, source.Products));
        return (products, stream.Length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
