using System.Globalization;
using System.Text;

namespace PresenceAgent.LoadGen;

/// <summary>Frames SIP messages off one connection by their Content-Length; the bodies are skipped, not kept.</summary>
internal sealed class MessageReader(Stream stream)
{
    // The agent's largest message here is a NOTIFY with a PIDF document of well under 4 KB.
    private readonly byte[] _buffer = new byte[16384];
    private int _start;
    private int _end;

    public async ValueTask<SipText> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryFrame() is { } message)
            {
                return message;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new InvalidDataException($"a message longer than {_buffer.Length} bytes");
            }

            var n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            if (n == 0)
            {
                throw new EndOfStreamException("the agent closed the connection");
            }

            _end += n;
        }
    }

    private SipText? TryFrame()
    {
        var span = _buffer.AsSpan(_start, _end - _start);

        // CRLF keep-alives between messages.
        var skipped = 0;
        while (span.Length - skipped >= 2 && span[skipped] == '\r' && span[skipped + 1] == '\n')
        {
            skipped += 2;
        }

        _start += skipped;
        span = span[skipped..];
        var headEnd = span.IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return null;
        }

        var message = new SipText(Encoding.ASCII.GetString(span[..headEnd]));
        var length = message.Header("Content-Length") is { } l ? int.Parse(l, CultureInfo.InvariantCulture) : 0;
        var total = headEnd + 4 + length;
        if (span.Length < total)
        {
            return null;
        }

        _start += total;
        return message;
    }
}
