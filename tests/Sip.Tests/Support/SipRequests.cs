using System.Globalization;
using System.Net;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Requests written by hand, byte for byte what a scripted peer puts on the wire.</summary>
internal static class SipRequests
{
    private static int s_branch;

    public static string NewBranch() => "z9hG4bKpeer" + Interlocked.Increment(ref s_branch).ToString(CultureInfo.InvariantCulture);

    public static string SentBy(IPEndPoint ep) => ep.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
        ? $"[{ep.Address}]:{ep.Port}"
        : $"{ep.Address}:{ep.Port}";

    public static string Text(
        string method,
        string sentBy,
        string transport = "UDP",
        string uri = "sip:alice@example.com",
        string? branch = null,
        string viaParams = "",
        string fromTag = "w1",
        string? toTag = null,
        string? callId = null,
        int cseq = 1,
        string[]? headers = null,
        string body = "",
        bool contentLength = true)
    {
        var sb = new StringBuilder();
        sb.Append(method).Append(' ').Append(uri).Append(" SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/").Append(transport).Append(' ').Append(sentBy).Append(";branch=").Append(branch ?? NewBranch()).Append(viaParams).Append("\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: <sip:watcher@example.org>;tag=").Append(fromTag).Append("\r\n");
        sb.Append("To: <sip:alice@example.com>").Append(toTag is null ? "" : ";tag=" + toTag).Append("\r\n");
        sb.Append("Call-ID: ").Append(callId ?? NewBranch() + "@peer").Append("\r\n");
        sb.Append("CSeq: ").Append(cseq.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(method).Append("\r\n");
        foreach (var h in headers ?? [])
        {
            sb.Append(h).Append("\r\n");
        }

        if (contentLength)
        {
            sb.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body).ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        }

        sb.Append("\r\n").Append(body);
        return sb.ToString();
    }

    /// <summary>A 200 to a request we received, echoing its Via, From, To, Call-ID and CSeq.</summary>
    public static string OkFor(SipRequest request) => ResponseFor(request, 200, "OK");

    /// <summary>A response to a request we received, echoing its Via, From, To, Call-ID and CSeq.</summary>
    public static string ResponseFor(SipRequest request, int status, string reason)
    {
        var sb = new StringBuilder("SIP/2.0 ").Append(status.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(reason).Append("\r\n");
        foreach (var field in request.Headers)
        {
            if (field.Kind is HeaderKind.Via or HeaderKind.From or HeaderKind.To or HeaderKind.CallId or HeaderKind.CSeq)
            {
                sb.Append(field.Name).Append(": ").Append(field.Value).Append("\r\n");
            }
        }

        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }
}
