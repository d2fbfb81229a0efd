using System.Buffers;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The messages a connection's read loop produced while handing one read's worth of messages up (the answers to them,
/// and a NOTIFY sent right after its 200), gathered to be written at once: one send and, over TLS, one record instead of
/// one of each per message. The buffer is rented while something is gathered and returned once it is written, so an
/// idle connection holds none.
/// </summary>
internal sealed class GatheredWrites
{
    private const int InitialBytes = 4096;

    private byte[]? _buffer;
    private int _count;

    public int Count => _count;

    public ReadOnlyMemory<byte> Written => _buffer.AsMemory(0, _count);

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer is null || _buffer.Length - _count < data.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(InitialBytes, checked((_count + data.Length) * 2)));
            _buffer.AsSpan(0, _count).CopyTo(larger);
            Return();
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
    }

    /// <summary>Forgets what was gathered and gives the buffer back.</summary>
    public void Clear()
    {
        _count = 0;
        Return();
    }

    private void Return()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
