using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Messages built in code, for tests below the parser.</summary>
internal static class Build
{
    public static SipRequest Request(
        string method,
        string branch = "z9hG4bKabc1",
        string? toTag = null,
        string fromTag = "from1",
        string callId = "call-1@test",
        uint cseq = 1,
        string uri = "sip:alice@example.com",
        string via = "SIP/2.0/UDP 127.0.0.1:5070")
    {
        var headers = new SipHeaders();
        headers.Add(HeaderKind.Via, $"{via};branch={branch}");
        headers.Add(HeaderKind.From, $"<sip:bob@example.com>;tag={fromTag}");
        headers.Add(HeaderKind.To, toTag is null ? "<sip:alice@example.com>" : $"<sip:alice@example.com>;tag={toTag}");
        headers.Add(HeaderKind.CallId, callId);
        headers.Add(HeaderKind.CSeq, $"{cseq} {method}");
        headers.Add(HeaderKind.MaxForwards, "70");
        return new SipRequest(method, SipUri.Parse(uri), headers);
    }

    public static SipResponse Response(int status, string branch, string method = "NOTIFY", string via = "SIP/2.0/UDP 127.0.0.1:5060")
    {
        var headers = new SipHeaders();
        headers.Add(HeaderKind.Via, $"{via};branch={branch}");
        headers.Add(HeaderKind.From, "<sip:alice@example.com>;tag=a");
        headers.Add(HeaderKind.To, "<sip:bob@example.com>;tag=b");
        headers.Add(HeaderKind.CallId, "call-1@test");
        headers.Add(HeaderKind.CSeq, $"1 {method}");
        return new SipResponse(status, null, headers);
    }
}
