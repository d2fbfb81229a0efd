using System.Runtime.InteropServices;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// Reads the header fields of one message from bytes into <see cref="ParsedFields"/> as raw slices, finding the empty
/// line that ends the section and the Content-Length on the way. Syntax faults are remembered (the first one wins) and
/// reading goes on, so a bad request can still be answered; limit faults stop it at once.
/// </summary>
internal struct HeaderSection
{
    private readonly ReadOnlyMemory<byte> _buffer;
    private readonly ArraySegment<byte> _array;
    private readonly int _windowEnd;
    private readonly bool _truncated;
    private readonly bool _isDatagram;
    private readonly SipLimits _limits;
    private int _pos;
    private int _count;
    private int _nameStart = -1;
    private int _nameLength;
    private int _valueStart;
    private int _valueEnd;
    private bool _valueIsOneLine;
    private bool _sawContentLength;

    /// <param name="buffer">The whole message.</param>
    /// <param name="firstLine">Where the first header line starts.</param>
    /// <param name="windowEnd">The end of the bytes the header section may occupy.</param>
    /// <param name="truncated">More bytes follow the window, so running out of it means the limit was passed.</param>
    /// <param name="isDatagram">The message is a whole datagram (its end may stand in for the empty line).</param>
    /// <param name="limits">The header count limit.</param>
    public HeaderSection(ReadOnlyMemory<byte> buffer, int firstLine, int windowEnd, bool truncated, bool isDatagram, SipLimits limits)
    {
        _buffer = buffer;

        // Fields keep the array itself (HeaderField); taking it once here spares each field the look-up.
        _array = MemoryMarshal.TryGetArray(buffer, out var array) ? array : default;
        _pos = firstLine;
        _windowEnd = windowEnd;
        _truncated = truncated;
        _isDatagram = isDatagram;
        _limits = limits;
    }

    /// <summary>The first syntax fault in the section, if any.</summary>
    public SipFailure? Fault { get; private set; }

    /// <summary>The Content-Length value when there was exactly one valid one.</summary>
    public int? ContentLength { get; private set; }

    /// <summary>Where the body starts: just after the empty line.</summary>
    public int BodyStart { get; private set; }

    /// <summary>
    /// message-header = field-name HCOLON field-value CRLF, with LWS = [*WSP CRLF] 1*WSP folding a value over lines
    /// (RFC 3261 §7.3.1, §25.1), up to the empty line. Bare LF line ends are accepted (RFC 3261 §7.5 is liberal).
    /// Returns a failure only when a limit is passed.
    /// </summary>
    public SipFailure? Read(ref ParsedFields fields)
    {
        var span = _buffer.Span;
        while (true)
        {
            var end = SipBytes.LineEnd(span[_pos.._windowEnd], out var bareCr);
            if (end < 0)
            {
                return EndWithoutEmptyLine(ref fields);
            }

            var lineEnd = _pos + end;
            var next = lineEnd + (span[lineEnd] == SipBytes.CR ? 2 : 1);
            if (lineEnd == _pos)
            {
                Commit(span, ref fields);
                BodyStart = next;
                return null;
            }

            if (bareCr)
            {
                // A CR that does not end a line would let a header smuggle a line end past a less careful reader.
                Remember(SipFailureReason.MalformedHeader, "bare CR in a header line");
            }

            if (SipBytes.IsWsp(span[_pos]))
            {
                // A continuation line belongs to the field above it; keep its bytes (the fold) in the raw value.
                if (_nameStart < 0)
                {
                    Remember(SipFailureReason.MalformedHeader, "continuation line without a header field");
                }
                else
                {
                    _valueEnd = lineEnd;
                    _valueIsOneLine = false;
                }

                _pos = next;
                continue;
            }

            Commit(span, ref fields);
            if (!StartField(span[_pos..lineEnd]))
            {
                _pos = next;
                continue;
            }

            // The field that would pass the count limit is never built.
            if (++_count > _limits.MaxHeaderCount)
            {
                return SipFailure.Of(SipFailureReason.TooManyHeaders, $"more than {_limits.MaxHeaderCount} header fields");
            }

            _valueEnd = lineEnd;
            _valueIsOneLine = !bareCr;
            _pos = next;
        }
    }

    /// <summary>field-name = token, then *(SP / HTAB) ":" (HCOLON); records where name and value start.</summary>
    private bool StartField(ReadOnlySpan<byte> line)
    {
        var nameLength = line.IndexOfAnyExcept(SipBytes.Token);
        if (nameLength == 0)
        {
            Remember(SipFailureReason.InvalidHeaderName, "header name is not a token");
            return false;
        }

        // Scalar scans from here on: HCOLON is nearly always ":" right after the name, and the LWS around a value is a
        // byte or two, too short to be worth a vectorised search call.
        var afterName = nameLength < 0 ? default : line[nameLength..];
        var colon = 0;
        while (colon < afterName.Length && SipBytes.IsWsp(afterName[colon]))
        {
            colon++;
        }

        if (colon == afterName.Length || afterName[colon] != (byte)':')
        {
            var notToken = colon == 0 && !afterName.IsEmpty;
            Remember(
                notToken ? SipFailureReason.InvalidHeaderName : SipFailureReason.MalformedHeader,
                notToken ? "header name is not a token" : "header line without a colon");
            return false;
        }

        _nameStart = _pos;
        _nameLength = nameLength;
        _valueStart = _pos + nameLength + colon + 1;
        return true;
    }

    /// <summary>
    /// Adds the pending field with its value trimmed of LWS (HCOLON's SWS and any trailing whitespace);
    /// <paramref name="span"/> is the buffer's, taken once by the caller (getting a memory's span is not free).
    /// </summary>
    private void Commit(ReadOnlySpan<byte> span, ref ParsedFields fields)
    {
        if (_nameStart < 0)
        {
            return;
        }

        var valueStart = _valueStart;
        while (valueStart < _valueEnd && SipBytes.IsLws(span[valueStart]))
        {
            valueStart++;
        }

        var valueEnd = _valueEnd;
        while (valueEnd > valueStart && SipBytes.IsLws(span[valueEnd - 1]))
        {
            valueEnd--;
        }

        if (valueStart == valueEnd)
        {
            // An empty value sits right after the colon.
            valueStart = valueEnd = _valueStart;
        }

        var kind = KnownHeaders.Get(span.Slice(_nameStart, _nameLength));
        if (kind == HeaderKind.ContentLength)
        {
            ReadContentLength(span[valueStart..valueEnd]);
        }

        var line = _array.Array is null ? HeaderField.ArrayOf(_buffer[_nameStart..valueEnd]) : _array.Slice(_nameStart, valueEnd - _nameStart);
        fields.Add(new HeaderField(kind, line, valueStart - _nameStart, _valueIsOneLine));
        _nameStart = -1;
    }

    /// <summary>RFC 4475 §3.3.9: with two Content-Length fields the body cannot be found, so the message is refused.</summary>
    private void ReadContentLength(ReadOnlySpan<byte> value)
    {
        if (_sawContentLength)
        {
            Remember(SipFailureReason.DuplicateSingleHeader, "more than one Content-Length");
            ContentLength = null;
            return;
        }

        _sawContentLength = true;
        if (ContentLengthValue.TryParse(value, _limits.MaxBodyBytes, out var length, out var failure))
        {
            ContentLength = length;
        }
        else
        {
            Fault ??= failure;
        }
    }

    /// <summary>
    /// No empty line inside the window: past the limit if more bytes follow it. A datagram that simply ends after a
    /// complete header line is taken as ending its header section there (liberal; RFC 4475's baddn.dat is such a copy).
    /// </summary>
    private SipFailure? EndWithoutEmptyLine(ref ParsedFields fields)
    {
        if (_truncated)
        {
            // The pending field is complete only if a new field's line has begun; otherwise a fold may follow.
            var span = _buffer.Span;
            if (_pos < _windowEnd && !SipBytes.IsWsp(span[_pos]))
            {
                Commit(span, ref fields);
            }

            return SipMessageParser.SectionTooLarge(_limits);
        }

        Commit(_buffer.Span, ref fields);
        BodyStart = _buffer.Length;
        if (!_isDatagram || _pos < _windowEnd)
        {
            Remember(SipFailureReason.MalformedHeader, "header section has no empty line");
        }

        return null;
    }

    private void Remember(SipFailureReason reason, string detail) => Fault ??= SipFailure.Of(reason, detail);
}
