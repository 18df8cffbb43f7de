using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.Json;

namespace UmsOrleans.Engine.Snapshots;

/// <summary>
/// A snapshot folder opened for restore: its manifest is read and checked on open (format version, settings, data file
/// name); <see cref="VerifyAsync"/> checks the data file's size, product count and SHA-256 against it in one streamed
/// pass; <see cref="ReadAsync"/> then streams its products one line at a time.
/// </summary>
public sealed class SnapshotReader
{
    private const int MaxManifestBytes = 1 << 20;

    private SnapshotReader(string folder, SnapshotManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
    }

    private bool _verified;

    public string Folder { get; }

    public string Name => Path.GetFileName(Folder);

    public SnapshotManifest Manifest { get; }

    public SnapshotInfo Info => new(Name, Manifest.Collection, Manifest.Products, SnapshotDirectory.SizeOf(Folder), Manifest.CreatedAt);

    private string DataPath => Path.Combine(Folder, Manifest.DataFile);

    /// <exception cref="InvalidSnapshotException">No snapshot there, or its manifest is unreadable or of another format version.</exception>
    public static async Task<SnapshotReader> OpenAsync(string folder, CancellationToken cancellationToken = default)
    {
        folder = Path.GetFullPath(folder);
        var name = Path.GetFileName(folder);
        var manifestPath = Path.Combine(folder, SnapshotManifest.FileName);
        if (!File.Exists(manifestPath)) throw new InvalidSnapshotException("snapshot", $"'{name}' is not a snapshot (no {SnapshotManifest.FileName} in {folder}).");
        if (new FileInfo(manifestPath).Length > MaxManifestBytes) throw new InvalidSnapshotException("snapshot", $"the manifest of '{name}' is larger than {MaxManifestBytes} bytes.");
        SnapshotManifest? manifest;
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(manifestPath, cancellationToken));
            var version = document.RootElement.TryGetProperty("formatVersion", out var v) && v.TryGetInt32(out var number) ? number : (int?)null;
            if (version != SnapshotManifest.CurrentFormatVersion)
            {
                throw new InvalidSnapshotException("snapshot",
                    $"'{name}' has format version {version?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}; this build reads version {SnapshotManifest.CurrentFormatVersion}.");
            }
            manifest = document.Deserialize<SnapshotManifest>(SnapshotManifest.Json);
        }
        catch (JsonException exception)
        {
            throw new InvalidSnapshotException("snapshot", $"the manifest of '{name}' is not valid JSON: {exception.Message}");
        }
        if (manifest is null || string.IsNullOrEmpty(manifest.Collection) || manifest.Settings is null || string.IsNullOrEmpty(manifest.DataSha256)
            || string.IsNullOrEmpty(manifest.DataFile) || Path.GetFileName(manifest.DataFile) != manifest.DataFile || manifest.DataFile.StartsWith('.'))
        {
            throw new InvalidSnapshotException("snapshot", $"the manifest of '{name}' lacks the collection, its settings, or a plain data file name and checksum.");
        }
        manifest.Settings.ToSpec(manifest.Collection);
        return new SnapshotReader(folder, manifest);
    }

    /// <summary>
    /// Checks the data file against the manifest, reading it whole; a reader that passed once does not read it again
    /// (the CLI checks before it starts a silo, the restorer before it creates anything).
    /// </summary>
    /// <exception cref="InvalidSnapshotException">The data file is missing, or its size, product count or checksum differ from the manifest's.</exception>
    public async Task VerifyAsync(CancellationToken cancellationToken = default)
    {
        if (_verified) return;
        if (!File.Exists(DataPath)) throw new InvalidSnapshotException("snapshot", $"'{Name}' has no data file {Manifest.DataFile}.");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0, lines = 0;
        var buffer = new byte[1 << 16];
        await using (var stream = new FileStream(DataPath, FileMode.Open, FileAccess.Read, FileShare.Read, buffer.Length, useAsync: true))
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                bytes += read;
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
            }
        }
        var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (bytes != Manifest.DataBytes || !string.Equals(sha256, Manifest.DataSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidSnapshotException("snapshot",
                $"the checksum of '{Name}' does not match: {Manifest.DataFile} has {bytes} bytes with SHA-256 {sha256}, the manifest says {Manifest.DataBytes} bytes with {Manifest.DataSha256}. The snapshot was altered or damaged.");
        }
        if (lines != Manifest.Products)
        {
            throw new InvalidSnapshotException("snapshot", $"'{Name}' holds {lines} products, its manifest says {Manifest.Products}.");
        }
        _verified = true;
    }

    /// <summary>Streams the products with their line numbers (from 1).</summary>
    /// <exception cref="InvalidSnapshotException">A line is not a product.</exception>
    public async IAsyncEnumerable<(long Line, SnapshotProductLine Product)> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(DataPath, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false,
            new FileStreamOptions { Access = FileAccess.Read, Share = FileShare.Read, BufferSize = 1 << 16, Options = FileOptions.Asynchronous });
        long number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            number++;
            SnapshotProductLine? product;
            try
            {
                product = JsonSerializer.Deserialize<SnapshotProductLine>(text, SnapshotProductLine.Json);
            }
            catch (JsonException exception)
            {
                throw new InvalidSnapshotException($"{Manifest.DataFile}:{number}", $"not a product: {exception.Message}");
            }
            yield return (number, product ?? throw new InvalidSnapshotException($"{Manifest.DataFile}:{number}", "not a product: null."));
        }
    }
}
