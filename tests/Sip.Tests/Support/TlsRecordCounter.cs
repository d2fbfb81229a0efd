namespace PresenceAgent.Sip.Tests.Support;

/// <summary>
/// A stream under a client's TLS that counts the records coming in by content type (RFC 5246 §6.2.1: a record is a
/// type byte, two version bytes and a two-byte length, then that many bytes), passing every byte through unchanged.
/// </summary>
internal sealed class TlsRecordCounter(Stream inner) : Stream
{
    /// <summary>RFC 5246 §6.2.1: application_data.</summary>
    public const byte ApplicationData = 23;

    private readonly Lock _gate = new();
    private readonly Dictionary<byte, int> _counts = [];
    private readonly byte[] _header = new byte[5];
    private int _headerFilled;
    private int _bodyLeft;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Whole record headers seen so far with content type <paramref name="type"/>.</summary>
    public int Count(byte type)
    {
        lock (_gate)
        {
            return _counts.GetValueOrDefault(type);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..read]);
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        Observe(buffer.AsSpan(offset, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Observe(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            while (!bytes.IsEmpty)
            {
                if (_bodyLeft > 0)
                {
                    var skip = Math.Min(_bodyLeft, bytes.Length);
                    _bodyLeft -= skip;
                    bytes = bytes[skip..];
                    continue;
                }

                var take = Math.Min(_header.Length - _headerFilled, bytes.Length);
                bytes[..take].CopyTo(_header.AsSpan(_headerFilled));
                _headerFilled += take;
                bytes = bytes[take..];
                if (_headerFilled == _header.Length)
                {
                    _counts[_header[0]] = _counts.GetValueOrDefault(_header[0]) + 1;
                    _bodyLeft = (_header[3] << 8) | _header[4];
                    _headerFilled = 0;
                }
            }
        }
    }
}
