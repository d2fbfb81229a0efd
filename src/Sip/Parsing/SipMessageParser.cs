using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// Parses one whole message (a UDP datagram, or what <see cref="SipFrameScanner"/> framed on a stream) from bytes.
/// The returned message keeps slices of the buffer, so the caller must not reuse the buffer while the message lives.
/// </summary>
/// <remarks>
/// Only the method, or the status and reason phrase, is decoded. Header values and the Request-URI stay slices of
/// <c>buffer</c>: the validation checks them as bytes, and the typed views decode them when first read. So a parse
/// allocates the message and its array of fields, nothing per header. Limits are checked before the work they bound:
/// the header section is searched only within <see cref="SipLimits.MaxHeaderSectionBytes"/>, and the field that would
/// exceed <see cref="SipLimits.MaxHeaderCount"/> is never built.
/// </remarks>
public static partial class SipMessageParser
{
    /// <summary>
    /// Parses <paramref name="buffer"/>. On success, <see cref="SipParseResult.Message"/> is set and valid. On failure the
    /// result carries the reason; when the start line and header section could be read, <see cref="SipParseResult.Message"/>
    /// is still set (possibly without a body) so a request can be answered with the failure's status.
    /// <paramref name="isDatagram"/>: over UDP, bytes after Content-Length are ignored (RFC 3261 §18.3) and a missing
    /// Content-Length means the rest of the datagram is the body.
    /// </summary>
    /// <remarks>
    /// A request whose method is readable but whose Request-URI or spacing is not comes back with a placeholder
    /// Request-URI (<c>sip:request-uri.invalid</c>) so it can be answered 400; such a message must only be answered.
    /// After a limit failure the message holds the header fields read before the limit.
    /// </remarks>
    public static SipParseResult Parse(ReadOnlyMemory<byte> buffer, SipLimits limits, bool isDatagram) =>
        Parse(buffer, limits, isDatagram, reuseMessages: false);

    /// <summary>
    /// <see cref="Parse(ReadOnlyMemory{byte}, SipLimits, bool)"/>, into a message object of this thread's that nothing kept
    /// when <paramref name="reuseMessages"/>: the caller then gives back through <see cref="ReceivedMessages.Release"/>
    /// every message that ends released (<see cref="SipMessage.BytesReleased"/>).
    /// </summary>
    internal static SipParseResult Parse(ReadOnlyMemory<byte> buffer, SipLimits limits, bool isDatagram, bool reuseMessages)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (isDatagram && buffer.Length > limits.MaxDatagramSize)
        {
            return SipParseResult.Fail(SipFailure.Of(SipFailureReason.MessageTooLarge, $"datagram over {limits.MaxDatagramSize} bytes"));
        }

        // RFC 3261 §7.5: CRLFs before the start line are ignored (keep-alives, stray line ends).
        var bytes = buffer.Span;
        var start = bytes.IndexOfAnyExcept(SipBytes.CR, SipBytes.LF);
        if (start < 0)
        {
            return SipParseResult.Fail(SipFailure.Of(SipFailureReason.MalformedStartLine, "no start line"));
        }

        // The header section (start line, fields, empty line) must fit the limit, so only that much is ever searched.
        var windowEnd = start + Math.Min(buffer.Length - start, limits.MaxHeaderSectionBytes);
        var truncated = buffer.Length > windowEnd;
        var lineEnd = SipBytes.LineEnd(bytes[start..windowEnd], out var bareCr);
        if (lineEnd < 0)
        {
            return SipParseResult.Fail(truncated
                ? SectionTooLarge(limits)
                : SipFailure.Of(SipFailureReason.MalformedStartLine, "start line has no line end"));
        }

        var startLine = ParseStartLine(buffer.Slice(start, lineEnd), bareCr);
        if (startLine.IsFatal)
        {
            return SipParseResult.Fail(startLine.Fault!.Value);
        }

        var firstLine = start + lineEnd + (bytes[start + lineEnd] == SipBytes.CR ? 2 : 1);
        var section = new HeaderSection(buffer, firstLine, windowEnd, truncated, isDatagram, limits);
        var fields = default(ParsedFields);
        var limitFault = section.Read(ref fields);
        var message = startLine.CreateMessage(ref fields, reuseMessages);
        if (limitFault is { } limit)
        {
            return SipParseResult.Fail(limit, message);
        }

        // The first fault found wins: start line, then header syntax, then framing of the body.
        var fault = startLine.Fault ?? section.Fault ?? AttachBody(message, buffer, section, isDatagram, limits);
        if (fault is { } failure)
        {
            return SipParseResult.Fail(failure, message);
        }

        return message.TryValidate(out var invalid) ? SipParseResult.Ok(message) : SipParseResult.Fail(invalid, message);
    }

    /// <summary>
    /// message-body follows the empty line; its length is Content-Length (RFC 3261 §20.14). On a datagram trailing
    /// octets are ignored and a missing Content-Length means "to the end" (§18.3); on a stream it is required.
    /// </summary>
    private static SipFailure? AttachBody(SipMessage message, ReadOnlyMemory<byte> buffer, in HeaderSection section, bool isDatagram, SipLimits limits)
    {
        var available = buffer.Length - section.BodyStart;
        if (section.ContentLength is { } length)
        {
            if (length > available)
            {
                return SipFailure.Of(SipFailureReason.BodyShorterThanContentLength, $"Content-Length {length} but {available} body bytes");
            }

            message.Body = buffer.Slice(section.BodyStart, length);
            return null;
        }

        if (!isDatagram)
        {
            return SipFailure.Of(SipFailureReason.MissingRequiredHeader, "missing Content-Length (required on streams)");
        }

        if (available > limits.MaxBodyBytes)
        {
            return SipFailure.Of(SipFailureReason.BodyTooLarge, $"body over the {limits.MaxBodyBytes}-byte limit");
        }

        message.Body = buffer[section.BodyStart..];
        return null;
    }

    internal static SipFailure SectionTooLarge(SipLimits limits) =>
        SipFailure.Of(SipFailureReason.HeaderSectionTooLarge, $"header section over {limits.MaxHeaderSectionBytes} bytes");
}
