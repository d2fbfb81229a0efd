using System.Runtime.CompilerServices;
using System.Text;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Dialogs;

/// <summary>
/// A request within a dialog (<see cref="Dialog.NewRequest"/>) as it goes out: the dialog's pre-written lines as they
/// stood when it was made, its CSeq, a few fields of the caller's and the body. Sent with
/// <see cref="SipStack.SendDialogRequest"/>, it is written straight into the one
/// buffer a UDP send keeps for retransmission: no header list, no strings. <see cref="ToSipRequest"/> gives the same
/// request as a message, which the stack takes wherever the pre-written form does not go (a connection, a route set,
/// a name to resolve, failover).
/// </summary>
public sealed class DialogRequest
{
    /// <summary>The caller's fields a request holds: a NOTIFY has five at most (Event, Subscription-State, Contact, Require, Content-Type).</summary>
    public const int MaxFields = 6;

    private byte[] _head;

    // HeadLengthWithoutVia once worked out, 0 until then: a UDP send asks for it three times (the budget check, the
    // reservation and the buffer), each counting the UTF-8 of the dialog's strings and the caller's values. A head too
    // long for two bytes fits no datagram, so it is just counted again.
    private ushort _headLength;
    private ReadOnlyMemory<byte> _body;

    private static ReadOnlySpan<byte> MaxForwardsLine => "Max-Forwards: 70\r\n"u8;
    private Kinds _kinds;
    private Values _values;

    // At most MaxFields; a byte, so that with the length above the object stays 120 bytes.
    private byte _count;

    internal DialogRequest(Dialog dialog, string method, uint cseq, byte[] head)
    {
        Dialog = dialog;
        Method = method;
        CSeq = cseq;
        _head = head;
    }

    public Dialog Dialog { get; private set; }

    public string Method { get; private set; }

    public uint CSeq { get; private set; }

    public ReadOnlyMemory<byte> Body
    {
        get => _body;
        set
        {
            _body = value;
            _headLength = 0;
        }
    }

    /// <summary>The Request-URI as it goes on the start line.</summary>
    internal ReadOnlySpan<byte> RequestUriBytes => DialogHead.RequestUri(_head).Span;

    /// <summary>Whether the request carries a Route: its next hop is then not its Request-URI.</summary>
    internal bool HasRoute => DialogHead.HasRoute(_head);

    /// <summary>Sets the field of <paramref name="kind"/>, in the place of any earlier value of it.</summary>
    public void Set(HeaderKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (kind is HeaderKind.Unknown or HeaderKind.Via or HeaderKind.CSeq or HeaderKind.ContentLength)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "the stack writes this field itself");
        }

        var at = IndexOf(kind);
        if (at < 0)
        {
            if (_count == MaxFields)
            {
                throw new InvalidOperationException($"a request within a dialog carries at most {MaxFields} fields of the caller's");
            }

            at = _count++;
        }

        _kinds[at] = kind;
        _values[at] = value;
        _headLength = 0;
    }

    /// <summary>The value of the caller's field of <paramref name="kind"/>, or null.</summary>
    public string? Get(HeaderKind kind) => IndexOf(kind) is var at and >= 0 ? _values[at] : null;

    public bool Remove(HeaderKind kind)
    {
        var at = IndexOf(kind);
        if (at < 0)
        {
            return false;
        }

        Span<HeaderKind> kinds = _kinds;
        Span<string> values = _values;
        kinds[(at + 1).._count].CopyTo(kinds[at..]);
        values[(at + 1).._count].CopyTo(values[at..]);
        values[--_count] = null!;
        _headLength = 0;
        return true;
    }

    /// <summary>Makes this object a new request, none of the old one's fields or body kept (<see cref="Dialog.NewRequest"/>).</summary>
    internal void Reset(Dialog dialog, string method, uint cseq, byte[] head)
    {
        Dialog = dialog;
        Method = method;
        CSeq = cseq;
        _head = head;
        Clear();
    }

    /// <summary>Drops the caller's fields and the body, so a request kept for reuse holds only its dialog's alive.</summary>
    public void Clear()
    {
        ((Span<string>)_values)[.._count].Clear();
        _count = 0;
        Body = default;
    }

    /// <summary>The same request as a message, to send or read by the general path: its CSeq is this one's.</summary>
    public SipRequest ToSipRequest()
    {
        var request = Dialog.CreateRequest(Method, CSeq, _head, _count);
        for (var i = 0; i < _count; i++)
        {
            request.Headers.Add(_kinds[i], _values[i]);
        }

        request.Body = Body;
        return request;
    }

    /// <summary>The bytes <see cref="WriteHead"/> writes but for the Via line.</summary>
    internal int HeadLengthWithoutVia()
    {
        if (_headLength > 0)
        {
            return _headLength;
        }

        var length = CountHeadWithoutVia();
        _headLength = length <= ushort.MaxValue ? (ushort)length : (ushort)0;
        return length;
    }

    private int CountHeadWithoutVia()
    {
        // Start line; the dialog's lines; From, Call-ID, CSeq and Max-Forwards; the caller's fields; Content-Length.
        var length = (2 * Method.Length) + RequestUriBytes.Length + 1 + 10 + DialogHead.Lines(_head).Length +
            6 + Encoding.UTF8.GetByteCount(Dialog.LocalAddress) + 5 + Encoding.UTF8.GetByteCount(Dialog.LocalTag) + 2 +
            9 + Encoding.UTF8.GetByteCount(Dialog.CallId) + 2 + 6 + Digits(CSeq) + 1 + 2 + MaxForwardsLine.Length +
            16 + Digits((uint)Body.Length) + 4;
        for (var i = 0; i < _count; i++)
        {
            length += HeaderDescriptor.Get(_kinds[i]).Name.Length + 2 + Encoding.UTF8.GetByteCount(_values[i]) + 2;
        }

        return length;
    }

    /// <summary>The Via line <see cref="WriteHead"/> writes (RFC 3261 §8.1.1.7, with RFC 3581's rport).</summary>
    internal static int ViaLength(string protocolToken, string host, int port, int branchLength) =>
        13 + protocolToken.Length + 1 + Encoding.UTF8.GetByteCount(host) + 1 + Digits((uint)port) + 8 + branchLength + 8;

    /// <summary>
    /// Writes the start line, our Via, the dialog's lines (Route, To), From, Call-ID, CSeq, Max-Forwards, the caller's
    /// fields and Content-Length, up to the blank line before the body, into <paramref name="destination"/> (at least
    /// <see cref="HeadLengthWithoutVia"/> plus <see cref="ViaLength"/> long). Returns the length written.
    /// </summary>
    internal int WriteHead(Span<byte> destination, string protocolToken, string host, int port, ReadOnlySpan<byte> branch)
    {
        // The fixed parts as UTF-8 literals: only the dialog's and the caller's strings are encoded per request.
        var w = new SpanWriter(destination);
        w.Ascii(Method);
        w.Bytes(" "u8);
        w.Bytes(RequestUriBytes);
        w.Bytes(" SIP/2.0\r\nVia: SIP/2.0/"u8);
        w.Ascii(protocolToken);
        w.Bytes(" "u8);
        w.Value(host);
        w.Bytes(":"u8);
        w.Number((uint)port);
        w.Bytes(";branch="u8);
        w.Bytes(branch);
        w.Bytes(";rport\r\n"u8);
        w.Bytes(DialogHead.Lines(_head));
        w.Bytes("From: "u8);
        w.Value(Dialog.LocalAddress);
        w.Bytes(";tag="u8);
        w.Value(Dialog.LocalTag);
        w.Bytes("\r\nCall-ID: "u8);
        w.Value(Dialog.CallId);
        w.Bytes("\r\nCSeq: "u8);
        w.Number(CSeq);
        w.Bytes(" "u8);
        w.Ascii(Method);
        w.Bytes("\r\n"u8);
        w.Bytes(MaxForwardsLine);
        for (var i = 0; i < _count; i++)
        {
            w.Bytes(Writing.SipMessageWriter.NameBytes(_kinds[i]));
            w.Bytes(": "u8);
            w.Value(_values[i]);
            w.Bytes("\r\n"u8);
        }

        w.Bytes("Content-Length: "u8);
        w.Number((uint)Body.Length);
        w.Bytes("\r\n\r\n"u8);
        return w.Written;
    }

    private int IndexOf(HeaderKind kind)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_kinds[i] == kind)
            {
                return i;
            }
        }

        return -1;
    }

    private static int Digits(uint value)
    {
        var digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }

    // The caller's fields inside the request object rather than in an array of their own, kinds apart from values so
    // each kind takes a byte rather than a pair's padded eight.
    [InlineArray(MaxFields)]
    private struct Kinds
    {
        private HeaderKind _first;
    }

    [InlineArray(MaxFields)]
    private struct Values
    {
        private string _first;
    }
}
