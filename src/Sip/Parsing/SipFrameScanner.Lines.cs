using System.Buffers;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

public partial struct SipFrameScanner
{
    /// <summary>
    /// message = start-line *message-header CRLF [message-body] (RFC 3261 §7): walks complete lines until the empty one,
    /// never looking past <see cref="SipLimits.MaxHeaderSectionBytes"/>, then sets <see cref="_frameLength"/> from
    /// Content-Length. Complete here means the frame length is known, not that all of it has arrived.
    /// </summary>
    private FrameStatus ScanHeaderSection(in ReadOnlySequence<byte> buffer, SipLimits limits, out SipFailure failure)
    {
        failure = default;
        var limit = limits.MaxHeaderSectionBytes;
        while (true)
        {
            var windowEnd = Math.Min(buffer.Length, limit);
            var lf = _searchedTo < windowEnd ? buffer.Slice(_searchedTo, windowEnd - _searchedTo).PositionOf(SipBytes.LF) : null;
            if (lf is null)
            {
                _searchedTo = windowEnd;

                // Invalid as soon as the header section can no longer end inside the limit.
                if (buffer.Length >= limit)
                {
                    failure = SipMessageParser.SectionTooLarge(limits);
                    return FrameStatus.Invalid;
                }

                return FrameStatus.NeedMore;
            }

            var lfOffset = buffer.Slice(0, lf.Value).Length;
            var lineEnd = lfOffset > _lineStart && ByteAt(buffer, lfOffset - 1) == SipBytes.CR ? lfOffset - 1 : lfOffset;
            var status = OnLine(buffer, lineEnd, limits, out failure);
            _lineStart = _searchedTo = lfOffset + 1;
            if (status != FrameStatus.NeedMore)
            {
                if (status == FrameStatus.Complete)
                {
                    _frameLength += _lineStart;
                }

                return status;
            }
        }
    }

    /// <summary>
    /// One complete line [<see cref="_lineStart"/>, <paramref name="lineEnd"/>). NeedMore means "go on to the next line";
    /// Complete means the empty line was found and <see cref="_frameLength"/> holds the body length.
    /// </summary>
    private FrameStatus OnLine(in ReadOnlySequence<byte> buffer, long lineEnd, SipLimits limits, out SipFailure failure)
    {
        failure = default;
        if (lineEnd == _lineStart)
        {
            return EndOfHeaders(buffer, limits, out failure);
        }

        if (!_pastStartLine)
        {
            _pastStartLine = true;
            return FrameStatus.NeedMore;
        }

        var line = buffer.Slice(_lineStart, lineEnd - _lineStart);
        if (SipBytes.IsWsp(ByteAt(line, 0)))
        {
            // A folded continuation of Content-Length extends its value.
            if (_inContentLength)
            {
                _contentLengthEnd = lineEnd;
            }

            return FrameStatus.NeedMore;
        }

        _inContentLength = IsContentLength(line, out var valueStart);
        if (_inContentLength)
        {
            if (++_contentLengthFields > 1)
            {
                // RFC 4475 §3.3.9: two Content-Length fields leave no way to find the end of the message.
                failure = SipFailure.Of(SipFailureReason.DuplicateSingleHeader, "more than one Content-Length");
                return FrameStatus.Invalid;
            }

            _contentLengthStart = _lineStart + valueStart;
            _contentLengthEnd = lineEnd;
        }

        return FrameStatus.NeedMore;
    }

    /// <summary>The empty line: Content-Length, required on streams (RFC 3261 §18.3), gives the body length.</summary>
    private FrameStatus EndOfHeaders(in ReadOnlySequence<byte> buffer, SipLimits limits, out SipFailure failure)
    {
        failure = default;
        if (_contentLengthFields == 0)
        {
            failure = SipFailure.Of(SipFailureReason.MissingRequiredHeader, "missing Content-Length (required on streams)");
            return FrameStatus.Invalid;
        }

        var valueLength = _contentLengthEnd - _contentLengthStart;
        if (valueLength > MaxContentLengthValueBytes)
        {
            failure = SipFailure.Of(SipFailureReason.InvalidContentLength, "Content-Length value too long");
            return FrameStatus.Invalid;
        }

        Span<byte> value = stackalloc byte[MaxContentLengthValueBytes];
        value = value[..(int)valueLength];
        buffer.Slice(_contentLengthStart, valueLength).CopyTo(value);
        if (!ContentLengthValue.TryParse(value, limits.MaxBodyBytes, out var bodyLength, out failure))
        {
            return FrameStatus.Invalid;
        }

        _frameLength = bodyLength;
        return FrameStatus.Complete;
    }

    /// <summary>
    /// field-name HCOLON with field-name "Content-Length" or "l" (RFC 3261 §20.14, §7.3.3), any case; HCOLON allows
    /// SP/HTAB before the colon. Returns where the value starts within <paramref name="line"/>.
    /// </summary>
    private static bool IsContentLength(in ReadOnlySequence<byte> line, out long valueStart)
    {
        valueStart = 0;
        const int LongestName = 14;
        Span<byte> head = stackalloc byte[LongestName + 1];
        var n = (int)Math.Min(head.Length, line.Length);
        line.Slice(0, n).CopyTo(head);
        var nameLength = head[..n].IndexOfAnyExcept(SipBytes.Token);
        if (nameLength is not (1 or LongestName) || KnownHeaders.Get(head[..nameLength]) != HeaderKind.ContentLength)
        {
            return false;
        }

        var reader = new SequenceReader<byte>(line);
        reader.Advance(nameLength);
        reader.AdvancePastAny(SipBytes.SP, SipBytes.HT);
        if (!reader.TryPeek(out var colon) || colon != (byte)':')
        {
            return false;
        }

        valueStart = reader.Consumed + 1;
        return true;
    }

    /// <summary>One byte of a sequence; a slice may begin with an empty segment, so the reader skips those.</summary>
    private static byte ByteAt(in ReadOnlySequence<byte> buffer, long offset)
    {
        var reader = new SequenceReader<byte>(buffer.Slice(offset, 1));
        return reader.TryPeek(out var b) ? b : throw new ArgumentOutOfRangeException(nameof(offset));
    }
}
