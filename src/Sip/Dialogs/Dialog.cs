using System.Buffers.Binary;
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
    private readonly string _localAddress;
    private uint _localCSeq;

    // The peer's From and Contact in one array, UTF-8, after four bytes giving the From's length: read only to build a
    // request or a log line, and a notifier keeps dialogs for minutes by the hundred thousand, so half the bytes of two
    // strings and one object. Replaced whole on a target refresh, so a reader never sees half of one.
    private volatile byte[] _remote;

    private Dialog(string callId, string localTag, string localAddress, byte[] remote, string[]? routeSet, uint remoteCSeq, uint localCSeqStart)
    {
        CallId = callId;
        LocalTag = localTag;
        _localAddress = localAddress;
        _remote = remote;
        RouteSet = routeSet;
        RemoteCSeq = remoteCSeq;
        _localCSeq = localCSeqStart;
    }

    public string CallId { get; }

    public string LocalTag { get; }

    /// <summary>The tag of <see cref="RemoteHeader"/>, read from it when asked: a dialog kept for minutes need not hold it twice.</summary>
    public string RemoteTag => TryReadRemoteTag(_remote, out var tag) ? Encoding.UTF8.GetString(tag) : "";

    /// <summary>Whether <paramref name="tag"/> is <see cref="RemoteTag"/>, compared without building it (every in-dialog request asks).</summary>
    public bool RemoteTagEquals(string tag)
    {
        if (!TryReadRemoteTag(_remote, out var ours))
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

    public DialogId Id => new(CallId, LocalTag, RemoteTag);

    /// <summary>
    /// Our From in requests we send: the request's To plus our tag, put together when asked. The To without our tag is
    /// what all watchers of one contact send alike, so dialogs share one copy of it (<see cref="SharedHeaderValues"/>).
    /// </summary>
    public string LocalHeader => string.Concat(_localAddress, ";tag=", LocalTag);

    /// <summary>
    /// Our To in requests we send: the dialog-creating request's From, kept verbatim so extension parameters such as
    /// Lync's <c>epid</c> reach the endpoint ([MS-SIPRE] §3.2; reference §6.11).
    /// </summary>
    public string RemoteHeader => RemoteParts.Header(_remote);

    /// <summary>Where requests go: the peer's Contact URI, updated by target-refresh requests.</summary>
    public string RemoteTarget => RemoteParts.Target(_remote);

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

        if (!TryGetTarget(request, out var target))
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

        // To and From are taken as their bytes: the To is shared by every watcher of a contact, the From packed.
        var to = request.Headers[request.Headers.IndexOf(HeaderKind.To)];
        var from = request.Headers[request.Headers.IndexOf(HeaderKind.From)];
        using var toText = new Utf8Value(to, stackalloc byte[Utf8Value.ScratchBytes]);
        using var fromText = new Utf8Value(from, stackalloc byte[Utf8Value.ScratchBytes]);
        dialog = new Dialog(
            request.CallId!,
            localTag,
            SharedHeaderValues.Share(toText.Span.Trim(" \t"u8)),
            RemoteParts.Pack(fromText.Span.Trim(" \t"u8), target),
            routes,
            request.CSeq!.Value.Number,
            localCSeqStart);
        error = "";
        return true;
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

    /// <summary>Target refresh (RFC 6665 §4.1.2 via RFC 3261 §12.2.2): a new Contact replaces the remote target.</summary>
    public void RefreshTarget(SipRequest request)
    {
        // Most refreshes (and every unsubscribe) repeat the Contact: then nothing changes and nothing is built.
        var remote = _remote;
        if (!ContactUriEquals(request, RemoteParts.TargetBytes(remote).Span) && TryGetTarget(request, out var target))
        {
            _remote = RemoteParts.Pack(RemoteParts.HeaderBytes(remote).Span, target);
        }
    }

    /// <summary>True when the first Contact is <c>&lt;uri&gt;</c> with exactly <paramref name="target"/> as its URI.</summary>
    private static bool ContactUriEquals(SipRequest request, ReadOnlySpan<byte> target)
    {
        var i = request.Headers.IndexOf(HeaderKind.Contact);
        if (i < 0)
        {
            return false;
        }

        using var text = new Utf8Value(request.Headers[i], stackalloc byte[Utf8Value.ScratchBytes]);
        var parts = HeaderValueList.Enumerate(text.Span);
        if (!parts.MoveNext())
        {
            return false;
        }

        var contact = parts.Current;
        var open = contact.IndexOf((byte)'<');
        var close = contact.IndexOf((byte)'>');
        return open >= 0 && close > open && contact[(open + 1)..close].SequenceEqual(target);
    }

    /// <summary>
    /// A new in-dialog request (RFC 3261 §12.2.1.1): Request-URI and Route from the remote target and route set,
    /// loose routing when the first route has <c>lr</c>, strict routing otherwise; the next local CSeq.
    /// <paramref name="callerHeaders"/> is how many header fields the caller will add.
    /// </summary>
    public SipRequest CreateRequest(string method, int callerHeaders = 4)
    {
        // Room for the route set, what the dialog adds (From, To, Call-ID, CSeq, Max-Forwards), the transport's Via and
        // the caller's own, so the list is allocated once at its size.
        var routes = RouteSet?.Length ?? 0;
        var headers = new SipHeaders(routes + 6 + callerHeaders);

        // The peer's To and target go out as the bytes the dialog keeps, decoded into no string.
        var remote = _remote;
        SipRequest request;
        if (routes == 0)
        {
            request = new SipRequest(method, RemoteParts.TargetBytes(remote), headers);
        }
        else if (SipUri.Parse(RouteSet![0]).IsLooseRouter)
        {
            request = new SipRequest(method, RemoteParts.TargetBytes(remote), headers);
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

            headers.Add(HeaderKind.Route, $"<{RemoteTarget}>");
        }

        headers.Add(HeaderKind.From, LocalHeader);
        headers.AddParsed(new HeaderField(HeaderKind.To, RemoteParts.HeaderBytes(remote), 0));
        headers.Add(HeaderKind.CallId, CallId);
        var cseq = Interlocked.Increment(ref _localCSeq);
        headers.Add(HeaderKind.CSeq, string.Create(CultureInfo.InvariantCulture, $"{cseq} {method}"));
        headers.Add(HeaderKind.MaxForwards, "70");
        return request;
    }

    /// <summary>The tag parameter of the packed From, from its bytes; false when it has none (or a valueless one).</summary>
    private static bool TryReadRemoteTag(byte[] remote, out ReadOnlySpan<byte> tag)
    {
        tag = default;
        return NameAddress.TryScan(RemoteParts.HeaderBytes(remote).Span, out var from) &&
            ParameterReader.TryFind(from.Parameters, "tag"u8, out var hasValue, out tag) && hasValue;
    }

    private static bool TryGetTarget(SipRequest request, out string target)
    {
        target = "";
        if (request.Contact is not { IsWildcard: false } contact || !contact.Uri.IsSip)
        {
            return false;
        }

        target = contact.Uri.Headers is null ? contact.Uri.ToString() : contact.Uri.WithoutHeaders().ToString();
        return true;
    }

    private static class RemoteParts
    {
        public static byte[] Pack(ReadOnlySpan<byte> header, string target)
        {
            var bytes = new byte[4 + header.Length + Encoding.UTF8.GetByteCount(target)];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, header.Length);
            header.CopyTo(bytes.AsSpan(4));
            Encoding.UTF8.GetBytes(target, bytes.AsSpan(4 + header.Length));
            return bytes;
        }

        public static string Header(byte[] bytes) => Encoding.UTF8.GetString(HeaderBytes(bytes).Span);

        public static ReadOnlyMemory<byte> HeaderBytes(byte[] bytes) => bytes.AsMemory(4, BinaryPrimitives.ReadInt32LittleEndian(bytes));

        public static ReadOnlyMemory<byte> TargetBytes(byte[] bytes) => bytes.AsMemory(4 + BinaryPrimitives.ReadInt32LittleEndian(bytes));

        public static string Target(byte[] bytes)
        {
            var start = 4 + BinaryPrimitives.ReadInt32LittleEndian(bytes);
            return Encoding.UTF8.GetString(bytes, start, bytes.Length - start);
        }
    }
}
