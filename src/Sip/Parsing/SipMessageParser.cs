namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// Parses one whole message (a UDP datagram, or what <see cref="SipFrameScanner"/> framed on a stream) from bytes.
/// The returned message keeps slices of the buffer, so the caller must not reuse the buffer while the message lives.
/// </summary>
public static class SipMessageParser
{
    /// <summary>
    /// Parses <paramref name="buffer"/>. On success, <see cref="SipParseResult.Message"/> is set and valid. On failure the
    /// result carries the reason; when the start line and header section could be read, <see cref="SipParseResult.Message"/>
    /// is still set (possibly without a body) so a request can be answered with the failure's status.
    /// <paramref name="isDatagram"/>: over UDP, bytes after Content-Length are ignored (RFC 3261 §18.3) and a missing
    /// Content-Length means the rest of the datagram is the body.
    /// </summary>
    public static SipParseResult Parse(ReadOnlyMemory<byte> buffer, SipLimits limits, bool isDatagram) =>
        throw new NotImplementedException();
}
