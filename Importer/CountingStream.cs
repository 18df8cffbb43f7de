namespace UmsOrleans.Importer;

/// <summary>
/// Passes reads and writes through to another stream and reports the running byte count, at most once per
/// <see cref="ReportEvery"/> bytes (and at <see cref="Complete"/>), so a progress bar sees steady steps, not a
/// call per protobuf buffer.
/// </summary>
internal sealed class CountingStream(Stream inner, Action<long> report) : Stream
{
    public const long ReportEvery = 1 << 22;

    private long _count;
    private long _reported;

    public long Count => _count;

    /// <summary>Reports the final count.</summary>
    public void Complete()
    {
        _reported = _count;
        report(_count);
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Counted(count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Counted(buffer.Length);
    }

    private int Counted(int bytes)
    {
        _count += bytes;
        if (_count - _reported >= ReportEvery)
        {
            _reported = _count;
            report(_count);
        }
        return bytes;
    }

    public override bool CanRead => inner.CanRead;
    public override bool CanSeek => false;
    public override bool CanWrite => inner.CanWrite;
    public override long Length => inner.Length;

    public override long Position
    {
        get => _count;
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
