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

    private readonly byte[] _head;

    private static ReadOnlySpan<byte> MaxForwardsLine => "Max-Forwards: 70\r\n"u8;
    private Fields _fields;
    private int _count;

    internal DialogRequest(Dialog dialog, string method, uint cseq, byte[] head)
    {
        Dialog = dialog;
        Method = method;
        CSeq = cseq;
        _head = head;
    }

    public Dialog Dialog { get; }

    public string Method { get; }

    public uint CSeq { get; }

    public ReadOnlyMemory<byte> Body { get; set; }

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

        Span<(HeaderKind Kind, string Value)> fields = _fields;
        var at = IndexOf(kind);
        if (at < 0)
        {
            if (_count == MaxFields)
            {
                throw new InvalidOperationException($"a request within a dialog carries at most {MaxFields} fields of the caller's");
            }

            at = _count++;
        }

        fields[at] = (kind, value);
    }

    /// <summary>The value of the caller's field of <paramref name="kind"/>, or null.</summary>
    public string? Get(HeaderKind kind) => IndexOf(kind) is var at and >= 0 ? ((Span<(HeaderKind Kind, string Value)>)_fields)[at].Value : null;

    public bool Remove(HeaderKind kind)
    {
        var at = IndexOf(kind);
        if (at < 0)
        {
            return false;
        }

        Span<(HeaderKind Kind, string Value)> fields = _fields;
        fields[(at + 1).._count].CopyTo(fields[at..]);
        fields[--_count] = default;
        return true;
    }

    /// <summary>The same request as a message, to send or read by the general path: its CSeq is this one's.</summary>
    public SipRequest ToSipRequest()
    {
        var request = Dialog.CreateRequest(Method, CSeq, _head, _count);
        foreach (var (kind, value) in ((Span<(HeaderKind Kind, string Value)>)_fields)[.._count])
        {
            request.Headers.Add(kind, value);
        }

        request.Body = Body;
        return request;
    }

    /// <summary>The bytes <see cref="WriteHead"/> writes but for the Via line.</summary>
    internal int HeadLengthWithoutVia()
    {
        // Start line; the dialog's lines; From, Call-ID, CSeq and Max-Forwards; the caller's fields; Content-Length.
        var length = (2 * Method.Length) + RequestUriBytes.Length + 1 + 10 + DialogHead.Lines(_head).Length +
            6 + Encoding.UTF8.GetByteCount(Dialog.LocalAddress) + 5 + Encoding.UTF8.GetByteCount(Dialog.LocalTag) + 2 +
            9 + Encoding.UTF8.GetByteCount(Dialog.CallId) + 2 + 6 + Digits(CSeq) + 1 + 2 + MaxForwardsLine.Length +
            16 + Digits((uint)Body.Length) + 4;
        foreach (var (kind, value) in ((Span<(HeaderKind Kind, string Value)>)_fields)[.._count])
        {
            length += HeaderDescriptor.Get(kind).Name.Length + 2 + Encoding.UTF8.GetByteCount(value) + 2;
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
        var w = new SpanWriter(destination);
        w.Ascii(Method);
        w.Ascii(" ");
        w.Bytes(RequestUriBytes);
        w.Ascii(" SIP/2.0\r\nVia: SIP/2.0/");
        w.Ascii(protocolToken);
        w.Ascii(" ");
        w.Value(host);
        w.Ascii(":");
        w.Number((uint)port);
        w.Ascii(";branch=");
        w.Bytes(branch);
        w.Ascii(";rport\r\n");
        w.Bytes(DialogHead.Lines(_head));
        w.Ascii("From: ");
        w.Value(Dialog.LocalAddress);
        w.Ascii(";tag=");
        w.Value(Dialog.LocalTag);
        w.Ascii("\r\nCall-ID: ");
        w.Value(Dialog.CallId);
        w.Ascii("\r\nCSeq: ");
        w.Number(CSeq);
        w.Ascii(" ");
        w.Ascii(Method);
        w.Ascii("\r\n");
        w.Bytes(MaxForwardsLine);
        foreach (var (kind, value) in ((Span<(HeaderKind Kind, string Value)>)_fields)[.._count])
        {
            w.Ascii(HeaderDescriptor.Get(kind).Name);
            w.Ascii(": ");
            w.Value(value);
            w.Ascii("\r\n");
        }

        w.Ascii("Content-Length: ");
        w.Number((uint)Body.Length);
        w.Ascii("\r\n\r\n");
        return w.Written;
    }

    private int IndexOf(HeaderKind kind)
    {
        Span<(HeaderKind Kind, string Value)> fields = _fields;
        for (var i = 0; i < _count; i++)
        {
            if (fields[i].Kind == kind)
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

    /// <summary>The caller's fields, inside the request object rather than in an array of their own.</summary>
    [InlineArray(MaxFields)]
    private struct Fields
    {
        private (HeaderKind Kind, string Value) _first;
    }
}
