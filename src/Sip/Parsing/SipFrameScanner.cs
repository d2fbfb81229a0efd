using System.Buffers;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// Finds message boundaries on a stream (TCP/TLS): the header section ends at CRLFCRLF and Content-Length (required on
/// streams, RFC 3261 §18.3) gives the body. Keeps its progress so a growing buffer is not rescanned from the start.
/// </summary>
public struct SipFrameScanner
{
    /// <summary>
    /// Looks at <paramref name="buffer"/> (which starts where the previous frame ended).
    /// Complete: <paramref name="length"/> bytes form one message. KeepAlive: skip <paramref name="length"/> bytes;
    /// <paramref name="isPing"/> says a CRLFCRLF ping needs a CRLF pong. NeedMore: read more, consume nothing.
    /// Invalid: <paramref name="failure"/> says why (limit exceeded, no Content-Length, garbage).
    /// </summary>
    public FrameStatus Scan(in ReadOnlySequence<byte> buffer, SipLimits limits, out long length, out bool isPing, out SipFailure failure) =>
        throw new NotImplementedException();

    /// <summary>Forget progress after a frame was consumed.</summary>
    public void Reset() => this = default;
}
