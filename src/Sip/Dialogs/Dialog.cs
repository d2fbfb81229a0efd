using System.Globalization;
using System.Text;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Dialogs;

/// <summary>
/// Dialog state on the UAS side (RFC 3261 §12.1.1), as a notifier holds it: identifiers, the URIs for the
/// From/To of the requests we send, the remote target and the route set, both CSeq counters, and where the
/// dialog-creating request came from and whether its peer is trusted, which decide where our requests may go.
/// </summary>
public sealed class Dialog
{
    // A Contact URI longer than this is rare enough to be built as a URI (TryGetTarget).
    private const int MaxStackTarget = 512;

    private readonly string _localAddress;
    private uint _localCSeq;

    // What every request of the dialog carries alike (DialogHead), with the peer's From and Contact in it: read to build
    // a request or a log line. Replaced whole on a target refresh, so a reader never sees half of one.
    private volatile byte[] _head;

    private Dialog(string callId, string localTag, string localAddress, byte[] head,
        string[]? routeSet, uint remoteCSeq, uint localCSeqStart)
    {
        CallId = callId;
        LocalTag = localTag;
        _localAddress = localAddress;
        _head = head;
        RouteSet = routeSet;
        RemoteCSeq = remoteCSeq;
        _localCSeq = localCSeqStart;
    }

    public string CallId { get; }

    public string LocalTag { get; }

    /// <summary>The tag of <see cref="RemoteHeader"/>, read from it when asked: a dialog kept for minutes need not hold it twice.</summary>
    public string RemoteTag => TryReadRemoteTag(_head, out var tag) ? Encoding.UTF8.GetString(tag) : "";

    /// <summary>Whether <paramref name="tag"/> is <see cref="RemoteTag"/>, compared without building it (every in-dialog request asks).</summary>
    public bool RemoteTagEquals(string tag)
    {
        if (!TryReadRemoteTag(_head, out var ours))
        {
            return tag.Length == 0;
        }

        if (tag.Length > 256)
        {
            return string.Equals(RemoteTag, tag, StringComparison.Ordinal);
        }

        Span<byte> given = stackalloc byte[Encoding.UTF8.GetMaxByteCount(256)];
        return ours.SequenceEqual(given[..Encoding.UTF8.GetBytes(tag, given)]);
    }

    /// <summary>
    /// Whether the From tag of <paramref name="request"/> (none reads as empty) is <see cref="RemoteTag"/>, compared
    /// from the bytes validation found it at (<see cref="SipMessage.TryGetTag"/>), making no string: every in-dialog
    /// request asks.
    /// </summary>
    public bool RemoteTagMatches(SipRequest request)
    {
        var theirs = request.TryGetTag(HeaderKind.From, out var tag) ? tag : default;
        return TryReadRemoteTag(_head, out var ours) ? ours.SequenceEqual(theirs) : theirs.IsEmpty;
    }

    public DialogId Id => new(CallId, LocalTag, RemoteTag);

    /// <summary>
    /// Our From in requests we send: the request's To plus our tag, put together when asked. The To without our tag is
    /// what all watchers of one contact send alike, so dialogs share one copy of it (<see cref="SharedHeaderValues"/>).
    /// </summary>
    public string LocalHeader => string.Concat(_localAddress, ";tag=", LocalTag);

    /// <summary>Our From without our tag: what a request within the dialog writes before <c>;tag=</c>.</summary>
    internal string LocalAddress => _localAddress;

    /// <summary>
    /// Our To in requests we send: the dialog-creating request's From, kept verbatim so extension parameters such as
    /// Lync's <c>epid</c> reach the endpoint ([MS-SIPRE] §3.2; reference §6.11).
    /// </summary>
    public string RemoteHeader => Encoding.UTF8.GetString(DialogHead.To(_head).Span);

    /// <summary>Where requests go: the peer's Contact URI, updated by target-refresh requests.</summary>
    public string RemoteTarget => Encoding.UTF8.GetString(DialogHead.Target(_head).Span);

    /// <summary>Record-Route URIs of the dialog-creating request, in order (UAS side, §12.1.1); null when none.</summary>
    public string[]? RouteSet { get; }

    public uint RemoteCSeq { get; private set; }

    /// <summary>
    /// The flow the dialog-creating request came on (null when the dialog was built from a bare request): pass it to
    /// <see cref="SipStack.SendRequestAsync"/>. Unless <see cref="PeerTrusted"/>, our requests go back to its source
    /// address rather than to <see cref="RemoteTarget"/> or <see cref="RouteSet"/> naming other hosts.
    /// </summary>
    public SipFlow? SourceFlow { get; private set; }

    /// <summary>The dialog-creating request came from a trusted peer (<see cref="IncomingRequest.IsTrustedPeer"/>).</summary>
    public bool PeerTrusted { get; private set; }

    /// <summary>
    /// Builds the dialog from a dialog-creating request we accept, as <see cref="TryCreateUas(SipRequest, string, uint, out Dialog, out string)"/>
    /// does, recording the request's flow and whether its peer was trusted.
    /// </summary>
    public static bool TryCreateUas(IncomingRequest incoming, string localTag, uint localCSeqStart, out Dialog dialog, out string error)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (!TryCreateUas(incoming.Request, localTag, localCSeqStart, out dialog, out error))
        {
            return false;
        }

        dialog.SourceFlow = incoming.Flow;
        dialog.PeerTrusted = incoming.IsTrustedPeer;
        return true;
    }

    /// <summary>
    /// Builds the dialog from a dialog-creating request we accept. Fails when the request has no usable Contact
    /// (RFC 3261 §8.1.1.8: a dialog-creating request must carry one) or a Record-Route that does not parse.
    /// </summary>
    public static bool TryCreateUas(SipRequest request, string localTag, uint localCSeqStart, out Dialog dialog, out string error)
    {
        dialog = null!;
        if (!request.Headers.Contains(HeaderKind.Contact))
        {
            error = "missing Contact";
            return false;
        }

        Span<byte> target = stackalloc byte[MaxStackTarget];
        if (!TryGetTarget(request, ref target))
        {
            error = "invalid Contact";
            return false;
        }

        string[]? routes = null;
        if (request.Headers.Contains(HeaderKind.RecordRoute))
        {
            var list = new List<string>(2);
            foreach (var rr in request.Headers.GetValues(HeaderKind.RecordRoute))
            {
                if (!NameAddress.TryParse(rr, out var na) || !na.Uri.IsSip)
                {
                    error = "invalid Record-Route";
                    return false;
                }

                // Only the URI is the route; header parameters such as Lync's ;tag= are not (reference §1.7).
                list.Add(na.Uri.ToString());
            }

            routes = [.. list];
        }

        // The peer's From goes into the head verbatim but for surrounding blanks, as its bytes: no string of it is made.
        using var from = new Utf8Value(request.Headers[request.Headers.IndexOf(HeaderKind.From)], stackalloc byte[Utf8Value.ScratchBytes]);
        dialog = new Dialog(
            request.CallId!,
            localTag,
            SharedTo(request),
            DialogHead.Build(from.Span.Trim(" \t"u8), target, routes),
            routes,
            request.CSeq!.Value.Number,
            localCSeqStart);
        error = "";
        return true;
    }

    /// <summary>The request's To, trimmed, as the copy every watcher of the contact shares, found without decoding it.</summary>
    private static string SharedTo(SipRequest request)
    {
        using var to = new Utf8Value(request.Headers[request.Headers.IndexOf(HeaderKind.To)], stackalloc byte[Utf8Value.ScratchBytes]);
        return SharedHeaderValues.Share(to.Span.Trim(" \t"u8));
    }

    /// <summary>
    /// Checks and records the CSeq of an in-dialog request: it must be higher than the last (RFC 3261 §12.2.2,
    /// a lower one gets 500). Retransmissions never get here; the transaction layer absorbs them.
    /// </summary>
    public bool TryAcceptRemoteCSeq(uint cseq)
    {
        if (cseq <= RemoteCSeq)
        {
            return false;
        }

        RemoteCSeq = cseq;
        return true;
    }

    /// <summary>
    /// Target refresh (RFC 6665 §4.1.2 via RFC 3261 §12.2.2): a new Contact replaces the remote target, and the head
    /// of our requests is written again. A refresh naming the target we have (the usual case) parses and writes nothing.
    /// </summary>
    public void RefreshTarget(SipRequest request)
    {
        Span<byte> target = stackalloc byte[MaxStackTarget];
        if (!NamesTarget(request, DialogHead.Target(_head).Span) && TryGetTarget(request, ref target))
        {
            _head = DialogHead.Build(DialogHead.To(_head).Span, target, RouteSet);
        }
    }

    /// <summary>
    /// A new in-dialog request that the caller sends through <see cref="SipStack.SendDialogRequest"/>:
    /// the dialog's pre-written lines and the next local CSeq; the caller adds its own fields and body.
    /// </summary>
    /// <remarks>
    /// Written over <paramref name="reuse"/> when given: a request the stack is done with, as it is once
    /// <see cref="SipStack.SendDialogRequest"/> returns (it keeps none), so a sender whose requests go one after another
    /// needs one object for them all.
    /// </remarks>
    public DialogRequest NewRequest(string method, DialogRequest? reuse = null)
    {
        var cseq = Interlocked.Increment(ref _localCSeq);
        if (reuse is null)
        {
            return new DialogRequest(this, method, cseq, _head);
        }

        reuse.Reset(this, method, cseq, _head);
        return reuse;
    }

    /// <summary>
    /// A new in-dialog request (RFC 3261 §12.2.1.1): Request-URI and Route from the remote target and route set,
    /// loose routing when the first route has <c>lr</c>, strict routing otherwise; the next local CSeq.
    /// <paramref name="callerHeaders"/> is how many header fields the caller will add.
    /// </summary>
    public SipRequest CreateRequest(string method, int callerHeaders = 4) =>
        CreateRequest(method, Interlocked.Increment(ref _localCSeq), _head, callerHeaders);

    /// <summary>The request of <paramref name="cseq"/> as the dialog stood when <paramref name="head"/> was its head.</summary>
    internal SipRequest CreateRequest(string method, uint cseq, byte[] head, int callerHeaders)
    {
        // Room for the route set, what the dialog adds (From, To, Call-ID, CSeq, Max-Forwards), the transport's Via and
        // the caller's own, so the list is allocated once at its size.
        var routes = RouteSet?.Length ?? 0;
        var headers = new SipHeaders(routes + 6 + callerHeaders);

        // The peer's To and target go out as the bytes the dialog keeps, decoded into no string.
        SipRequest request;
        if (routes == 0)
        {
            request = new SipRequest(method, DialogHead.Target(head), headers);
        }
        else if (SipUri.Parse(RouteSet![0]).IsLooseRouter)
        {
            request = new SipRequest(method, DialogHead.Target(head), headers);
            foreach (var r in RouteSet)
            {
                headers.Add(HeaderKind.Route, $"<{r}>");
            }
        }
        else
        {
            request = new SipRequest(method, SipUri.Parse(RouteSet[0]).WithoutHeaders(), headers);
            for (var i = 1; i < RouteSet.Length; i++)
            {
                headers.Add(HeaderKind.Route, $"<{RouteSet[i]}>");
            }

            headers.Add(HeaderKind.Route, $"<{Encoding.UTF8.GetString(DialogHead.Target(head).Span)}>");
        }

        headers.Add(HeaderKind.From, LocalHeader);
        headers.AddParsed(new HeaderField(HeaderKind.To, DialogHead.To(head), 0));
        headers.Add(HeaderKind.CallId, CallId);
        headers.Add(HeaderKind.CSeq, string.Create(CultureInfo.InvariantCulture, $"{cseq} {method}"));
        headers.Add(HeaderKind.MaxForwards, "70");
        return request;
    }

    /// <summary>Whether the request's Contact is <c>&lt;target&gt;</c> byte for byte, as a watcher refreshing sends it again.</summary>
    private static bool NamesTarget(SipRequest request, ReadOnlySpan<byte> target)
    {
        var at = request.Headers.IndexOf(HeaderKind.Contact);
        if (at < 0 || request.Headers.IndexOf(HeaderKind.Contact, at + 1) >= 0)
        {
            return false;
        }

        var value = request.Headers[at].RawValue.Trim(" \t"u8);
        return value.Length == target.Length + 2 && value[0] == '<' && value[^1] == '>' && value[1..^1].SequenceEqual(target);
    }

    /// <summary>The tag parameter of the peer's From in the head, from its bytes; false when it has none (or a valueless one).</summary>
    private static bool TryReadRemoteTag(byte[] head, out ReadOnlySpan<byte> tag)
    {
        // The scan finds the tag among the parameters it checks.
        var found = NameAddress.TryScan(DialogHead.To(head).Span, out var from) && from.HasTag;
        tag = found ? from.Tag : default;
        return found;
    }

    /// <summary>
    /// The URI of the request's (first) Contact without its headers, as <see cref="SipUri.ToString"/> writes it, into
    /// <paramref name="target"/> (narrowed to it), written from the field's bytes; false when there is none, it does not
    /// parse, or it is not SIP. One too long for the stack's buffer is built as a URI and then given its own array.
    /// </summary>
    private static bool TryGetTarget(SipRequest request, ref Span<byte> target)
    {
        var at = request.Headers.IndexOf(HeaderKind.Contact);
        if (at < 0)
        {
            return false;
        }

        using (var text = new Utf8Value(request.Headers[at], stackalloc byte[Utf8Value.ScratchBytes]))
        {
            var values = HeaderValueList.Enumerate(text.Span);
            if (!values.MoveNext() || !NameAddress.TryScan(values.Current, out var contact) || contact.IsWildcard || !contact.Uri.IsSip)
            {
                return false;
            }

            var written = SipUri.WriteWithoutHeaders(contact.Uri, target);
            if (written >= 0)
            {
                target = target[..written];
                return true;
            }
        }

        target = Encoding.UTF8.GetBytes(request.Contact!.Uri.WithoutHeaders().ToString());
        return true;
    }
}
