using System.Globalization;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>Hand-written SIP messages, the way a test reads best: as text.</summary>
internal static class SipScript
{
    private static int s_counter;

    public static string NewBranch() => "z9hG4bK-e2e-" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];

    public static string NewCallId() => Guid.NewGuid().ToString("N") + "@e2e.test";

    public static string NewTag() => Guid.NewGuid().ToString("N")[..10];

    /// <summary>A SUBSCRIBE; <paramref name="extraHeaders"/> are CRLF-terminated lines.</summary>
    public static string Subscribe(SipTestPeer peer, string target, string callId, string fromTag, int cseq,
        int? expires = 3600, string? toTag = null, string @event = "presence", string extraHeaders = "", string body = "",
        string? branch = null, string from = "sip:watcher@e2e.test")
    {
        var local = peer.Local;
        var host = local.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"SUBSCRIBE {target} SIP/2.0\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{peer.Transport} {host}:{local.Port};branch={branch ?? NewBranch()};rport\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"From: \"Watcher\" <{from}>;tag={fromTag}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"To: <{target}>{(toTag is null ? "" : ";tag=" + toTag)}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Call-ID: {callId}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"CSeq: {cseq} SUBSCRIBE\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Contact: <sip:watcher@{host}:{local.Port};transport={peer.Transport.ToLowerInvariant()}>\r\n");
        if (@event.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Event: {@event}\r\n");
        }

        if (expires is { } e)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Expires: {e}\r\n");
        }

        sb.Append(extraHeaders);
        sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    /// <summary>A PUBLISH of presence (RFC 3903): a PIDF body when given, SIP-If-Match when given.</summary>
    public static string Publish(SipTestPeer peer, string target, string? body, string? ifMatch = null, int expires = 600)
    {
        var local = peer.Local;
        var host = local.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{local.Address}]" : local.Address.ToString();
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"PUBLISH {target} SIP/2.0\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/{peer.Transport} {host}:{local.Port};branch={NewBranch()};rport\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"From: <{target}>;tag={NewTag()}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"To: <{target}>\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Call-ID: {NewCallId()}\r\n");
        sb.Append("CSeq: 1 PUBLISH\r\n");
        sb.Append("Event: presence\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Expires: {expires}\r\n");
        if (ifMatch is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"SIP-If-Match: {ifMatch}\r\n");
        }

        if (body is not null)
        {
            sb.Append("Content-Type: application/pidf+xml\r\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body ?? "")}\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    /// <summary>A PIDF document with one open or closed tuple and the RPID activities given.</summary>
    public static string Pidf(string entity, bool open = true, params string[] activities) =>
        $"<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" entity=\"{entity}\">" +
        $"<tuple id=\"t1\"><status><basic>{(open ? "open" : "closed")}</basic></status></tuple>" +
        $"<dm:person id=\"p1\"><rpid:activities>{string.Concat(activities.Select(a => $"<rpid:{a}/>"))}</rpid:activities></dm:person></presence>";

    /// <summary>A response to a request from the agent, copying the headers RFC 3261 §8.2.6 says to copy.</summary>
    public static string ResponseTo(SipRequest request, int status, string? toTag = null)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"SIP/2.0 {status} {StatusCodes.DefaultReason(status)}\r\n");
        foreach (var via in request.Headers.GetValues(HeaderKind.Via))
        {
            sb.Append(CultureInfo.InvariantCulture, $"Via: {via}\r\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"From: {request.Headers.GetFirst(HeaderKind.From)}\r\n");
        var to = request.Headers.GetFirst(HeaderKind.To)!;
        sb.Append(CultureInfo.InvariantCulture, $"To: {to}{(toTag is not null && request.To!.Tag is null ? ";tag=" + toTag : "")}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Call-ID: {request.CallId}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"CSeq: {request.CSeq}\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }
}
