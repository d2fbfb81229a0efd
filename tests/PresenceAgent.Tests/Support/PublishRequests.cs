using System.Globalization;
using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Tests.Support;

/// <summary>PUBLISH requests (RFC 3903) written as a publisher puts them on the wire, and the PIDF bodies they carry.</summary>
internal static class PublishRequests
{
    private static int s_counter;

    public static SipUri Uri(string alias) =>
        SipUri.TryParse($"sip:{alias}{(alias.Contains('@', StringComparison.Ordinal) ? "" : "@" + PublishLoopbackAgent.Domain)}", out var uri)
            ? uri
            : throw new ArgumentException($"not an alias: {alias}", nameof(alias));

    /// <summary>A PUBLISH to <paramref name="alias"/>; null arguments leave their header out.</summary>
    public static string Text(string alias = "room1", string? body = null, string? ifMatch = null, int? expires = 600, string eventHeader = "presence",
        string contentType = "application/pidf+xml")
    {
        var id = Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);
        var uri = Uri(alias);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"PUBLISH {uri} SIP/2.0\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK-pub-{id}\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"From: <{uri}>;tag=pub{id}\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"To: <{uri}>\r\n");
        sb.Append(CultureInfo.InvariantCulture, $"Call-ID: pub-{id}@publisher\r\n");
        sb.Append("CSeq: 1 PUBLISH\r\n");
        if (eventHeader.Length > 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Event: {eventHeader}\r\n");
        }

        if (ifMatch is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"SIP-If-Match: {ifMatch}\r\n");
        }

        if (expires is { } e)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Expires: {e}\r\n");
        }

        if (body is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body ?? "")}\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    /// <summary>A PIDF document as a conference node might publish it: basic, RPID activities in the person, a note.</summary>
    public static string Pidf(string basic = "open", string activities = "", string? note = null, string entity = "sip:room1@vc.test")
    {
        var rpid = string.Concat(activities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(a => $"<rpid:{a}/>"));
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:dm="urn:ietf:params:xml:ns:pidf:data-model"
                      xmlns:rpid="urn:ietf:params:xml:ns:pidf:rpid" entity="{entity}">
              <tuple id="t1"><status><basic>{basic}</basic></status></tuple>
              <dm:person id="p1">{(rpid.Length > 0 ? $"<rpid:activities>{rpid}</rpid:activities>" : "")}{(note is null ? "" : $"<dm:note xml:lang=\"en\">{note}</dm:note>")}</dm:person>
            </presence>
            """;
    }
}
