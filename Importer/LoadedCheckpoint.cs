using System.Security.Cryptography;

namespace UmsOrleans.Importer;

/// <summary>A <c>.pdparams</c> file read once: its arrays and the SHA-256 of its bytes (hashed while reading).</summary>
public sealed record LoadedCheckpoint(string Path, string Sha256, PdparamsCheckpoint Checkpoint)
{
    /// <summary>Reads <paramref name="path"/>, reporting bytes read of the file's length.</summary>
    public static LoadedCheckpoint Read(string path, Action<long, long>? bytesRead = null)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new CheckpointImportException($"checkpoint file {path} does not exist");
        }
        using var file = File.OpenRead(fullPath);
        var length = file.Length;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var hashing = new HashingStream(file, hash);
        var counting = new CountingStream(hashing, done => bytesRead?.Invoke(done, length));
        using var buffered = new BufferedStream(counting, 1 << 20);
        var checkpoint = PdparamsReader.Read(buffered, System.IO.Path.GetFileName(fullPath));
        // The unpickler stops at the pickle's STOP opcode; hash any trailing bytes too, so the digest is the file's.
        buffered.CopyTo(Stream.Null);
        counting.Complete();
        return new LoadedCheckpoint(fullPath, Convert.ToHexStringLower(hash.GetHashAndReset()), checkpoint);
    }

    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>The same file with other arrays (e.g. after a key prefix was stripped).</summary>
    public LoadedCheckpoint With(PdparamsCheckpoint checkpoint) => this with { Checkpoint = checkpoint };

    /// <summary>Feeds every byte read to a hash.</summary>
    private sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            hash.AppendData(buffer[..read]);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
