using System.Buffers;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// Finds message boundaries on a stream (TCP/TLS): the header section ends at CRLFCRLF and Content-Length (required on
/// streams, RFC 3261 §18.3) gives the body. Keeps its progress so a growing buffer is not rescanned from the start.
/// </summary>
/// <remarks>
/// The scan is line by line: each complete line is looked at once, and the search for the next line end resumes where
/// the last one stopped. Only a field named Content-Length (or <c>l</c>) is examined; everything else is the parser's
/// business. Progress is kept across <see cref="FrameStatus.NeedMore"/> only; any other answer resets it. The design
/// follows RESPite's RespFrameScanner and its small scan-state struct.
/// </remarks>
public partial struct SipFrameScanner
{
    /// <summary>Longest Content-Length value (with its LWS) we copy out to parse; ten digits need far less.</summary>
    private const int MaxContentLengthValueBytes = 64;

    private long _lineStart;
    private long _searchedTo;
    private bool _pastStartLine;
    private bool _inContentLength;
    private int _contentLengthFields;
    private long _contentLengthStart;
    private long _contentLengthEnd;
    private long _frameLength;

    /// <summary>
    /// Looks at <paramref name="buffer"/> (which starts where the previous frame ended).
    /// Complete: <paramref name="length"/> bytes form one message. KeepAlive: skip <paramref name="length"/> bytes;
    /// <paramref name="isPing"/> says a CRLFCRLF ping needs a CRLF pong. NeedMore: read more, consume nothing.
    /// Invalid: <paramref name="failure"/> says why (limit exceeded, no Content-Length, garbage).
    /// </summary>
    public FrameStatus Scan(in ReadOnlySequence<byte> buffer, SipLimits limits, out long length, out bool isPing, out SipFailure failure)
    {
        ArgumentNullException.ThrowIfNull(limits);
        length = 0;
        isPing = false;
        failure = default;
        if (_frameLength == 0 && _searchedTo == 0 && !buffer.IsEmpty && ByteAt(buffer, 0) is SipBytes.CR or SipBytes.LF)
        {
            return ScanKeepAlive(buffer, out length, out isPing, out failure);
        }

        var status = _frameLength > 0 ? FrameStatus.Complete : ScanHeaderSection(buffer, limits, out failure);
        if (status == FrameStatus.Complete)
        {
            if (buffer.Length < _frameLength)
            {
                return FrameStatus.NeedMore;
            }

            length = _frameLength;
        }

        if (status != FrameStatus.NeedMore)
        {
            Reset();
        }

        return status;
    }

    /// <summary>
    /// Forget progress after a frame was consumed. <see cref="Scan"/> already does this itself after every answer but
    /// NeedMore; call it when the buffer is thrown away mid-message (a connection reset, say).
    /// </summary>
    public void Reset() => this = default;

    /// <summary>
    /// Line ends before a start line: CRLFCRLF is a keep-alive ping to answer with a CRLF pong (RFC 5626 §5.4);
    /// a lone CRLF or LF is skipped (RFC 3261 §7.5). A prefix of CRLFCRLF waits, so a ping split across reads is seen whole.
    /// </summary>
    private static FrameStatus ScanKeepAlive(in ReadOnlySequence<byte> buffer, out long length, out bool isPing, out SipFailure failure)
    {
        length = 0;
        isPing = false;
        failure = default;
        Span<byte> head = stackalloc byte[4];
        var n = (int)Math.Min(4, buffer.Length);
        buffer.Slice(0, n).CopyTo(head);
        head = head[..n];
        if (head[0] == SipBytes.LF)
        {
            length = 1;
            return FrameStatus.KeepAlive;
        }

        if ("\r\n\r\n"u8.StartsWith(head))
        {
            if (n < 4)
            {
                return FrameStatus.NeedMore;
            }

            length = 4;
            isPing = true;
            return FrameStatus.KeepAlive;
        }

        if (head[1] == SipBytes.LF)
        {
            length = 2;
            return FrameStatus.KeepAlive;
        }

        failure = SipFailure.Of(SipFailureReason.MalformedStartLine, "stray CR before the start line");
        return FrameStatus.Invalid;
    }
}
