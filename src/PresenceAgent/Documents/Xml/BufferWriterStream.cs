using System.Buffers;

namespace PresenceAgent.Documents.Xml;

/// <summary>
/// A write-only stream that appends to an <see cref="IBufferWriter{T}"/>, so XmlWriter can encode
/// straight into the caller's buffer instead of a MemoryStream that is copied afterwards.
/// </summary>
internal sealed class BufferWriterStream(IBufferWriter<byte> output) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => output.Write(buffer);

    public override void WriteByte(byte value) => output.Write([value]);

    public override void Flush()
    {
        // Every write already landed in the buffer writer.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
