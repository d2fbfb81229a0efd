namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Well-formed messages shaped like the traffic we expect, each with a Content-Length so it also frames on a stream.</summary>
internal static class SampleMessages
{
    public const string LyncBody =
        "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\" uri=\"sip:alice@contoso.com\" name=\"\">" +
        "<action name=\"subscribe\" id=\"63905\"><adhocList><resource uri=\"sip:bob@contoso.com\"/></adhocList>" +
        "<categoryList xmlns=\"http://schemas.microsoft.com/2006/09/sip/categorylist\"><category name=\"state\"/>" +
        "<category name=\"note\"/><category name=\"contactCard\"/></categoryList></action></batchSub>";

    /// <summary>A Lync/Skype for Business batch SUBSCRIBE after two Front Ends: two Vias, two Record-Routes, TLS-DSK auth.</summary>
    public static readonly byte[] LyncSubscribe = SipText.Message(
    [
        "SUBSCRIBE sip:alice@contoso.com SIP/2.0",
        "Via: SIP/2.0/TLS 10.0.0.21:5061;branch=z9hG4bK8C2A4F1E.5B7D9E3A1C2B4D6F;branched=FALSE;ms-internal-info=\"bkY2ZmM=\"",
        "Via: SIP/2.0/TLS 192.0.2.44:50934;received=192.0.2.44;ms-received-port=50934;ms-received-cid=2A3B00",
        "Record-Route: <sip:fe01.contoso.com:5061;transport=tls;opaque=state:T:F:Ci.R2a3b00;lr;ms-route-sig=aaGx3y>;tag=5B1C9B2D",
        "Record-Route: <sip:fe02.contoso.com:5061;transport=tls;lr>",
        "Max-Forwards: 69",
        "From: \"Alice Example\"<sip:alice@contoso.com>;tag=b9fc3d2a1e;epid=7c0e3d8f12",
        "To: <sip:alice@contoso.com>",
        "Call-ID: 4f1e7b2c9d8a4b6e8f0a1c3d5e7f9b2a",
        "CSeq: 1 SUBSCRIBE",
        "Contact: <sip:alice@contoso.com;opaque=user:epid:qIaJ8v1dX1K4-3s2AAAA;gruu>",
        "User-Agent: UCCAPI/16.0.4849.1000 OC/16.0.4849.1000 (Skype for Business)",
        "Event: presence",
        "Accept: application/msrtc-event-categories+xml, application/xpidf+xml, application/pidf+xml, application/rlmi+xml, multipart/related",
        "Supported: com.microsoft.autoextend",
        "Supported: ms-benotify",
        "Proxy-Require: ms-benotify",
        "Require: adhoclist, categoryList",
        "Supported: eventlist",
        "Proxy-Authorization: TLS-DSK qop=\"auth\", realm=\"SIP Communications Service\", opaque=\"9A1B2C3D\", targetname=\"fe01.contoso.com\", crand=\"1a2b3c4d\", cnum=\"12\", response=\"0f1e2d3c4b5a69788796a5b4c3d2e1f0\"",
        "Content-Type: application/msrtc-adrl-categorylist+xml",
        "Content-Length: {CL}",
    ],
    LyncBody);

    /// <summary>Compact names for everything that has one (RFC 3261 §7.3.3 and the event/refer extensions).</summary>
    public static readonly byte[] Compact = SipText.Message(
    [
        "NOTIFY sip:alice@192.0.2.10:5060;transport=tcp SIP/2.0",
        "v: SIP/2.0/TCP 192.0.2.20:5060;branch=z9hG4bKcompact1",
        "f: <sip:bob@example.com>;tag=f1",
        "t: <sip:alice@example.com>;tag=t1",
        "i: compact-1@192.0.2.20",
        "CSeq: 7 NOTIFY",
        "m: <sip:bob@192.0.2.20:5060;transport=tcp>",
        "o: presence;id=1",
        "u: presence, dialog",
        "k: eventlist",
        "s: compact forms",
        "c: application/pidf+xml",
        "e: identity",
        "r: <sip:carol@example.com>",
        "b: <sip:bob@example.com>",
        "x: 1800",
        "Subscription-State: active;expires=600",
        "l: {CL}",
    ],
    "<presence/>");

    /// <summary>Folded values, LWS before colons, a value starting on the continuation line, an empty value.</summary>
    public static readonly byte[] Folded = SipText.Message(
    [
        "OPTIONS sip:carol@example.com SIP/2.0",
        "Via: SIP/2.0/UDP",
        "  pc33.example.com;branch=z9hG4bKfold1",
        "To :",
        " <sip:carol@example.com>",
        "From\t: \"Bob\" <sip:bob@example.com>",
        "   ;tag=fold",
        "Call-ID: fold@pc33.example.com",
        "CSeq: 42",
        "\tOPTIONS",
        "Subject: first part   ",
        "\t  second part",
        "Organization:",
        "X-Empty-Later: value",
        "Max-Forwards: 70",
        "Content-Length: {CL}",
    ]);

    /// <summary>Several Via values in one field, IPv6 hosts in the Request-URI, Via and Contact.</summary>
    public static readonly byte[] CommaViaIpv6 = SipText.Message(
    [
        "INVITE sip:bob@[2001:db8::10]:5070;transport=tcp SIP/2.0",
        "Via: SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bKv6a;rport, SIP/2.0/UDP proxy.example.com;branch=z9hG4bKv6b,SIP/2.0/UDP 192.0.2.7:5062;branch=z9hG4bKv6c",
        "Via: SIP/2.0/UDP [::1];branch=z9hG4bKv6d",
        "Max-Forwards: 68",
        "From: <sip:alice@[2001:db8::1]>;tag=v6",
        "To: <sip:bob@[2001:db8::10]:5070>",
        "Call-ID: v6call@2001:db8::1",
        "CSeq: 3 INVITE",
        "Contact: <sip:alice@[2001:db8::1]:5061;transport=tcp>, <sip:alice@192.0.2.1>;q=0.5",
        "Content-Type: application/sdp",
        "Content-Length: {CL}",
    ],
    "v=0\r\no=- 1 1 IN IP6 2001:db8::1\r\ns=-\r\n");

    /// <summary>Escaped URIs and quoted display names with escapes.</summary>
    public static readonly byte[] Escapes = SipText.Message(
    [
        "MESSAGE sip:j%20doe@example.com SIP/2.0",
        "Via: SIP/2.0/TLS client.example.com:5061;branch=z9hG4bKesc",
        "Max-Forwards: 70",
        "From: \"Doe, \\\"JD\\\" \\\\ John\" <sip:%6Aohn@example.com>;tag=esc",
        "To: \"\" <sip:j%20doe@example.com>",
        "Call-ID: esc@client.example.com",
        "CSeq: 1 MESSAGE",
        "Content-Type: text/plain;charset=utf-8",
        "Content-Length: {CL}",
    ],
    "héllo wörld");

    /// <summary>A provisional response with an empty Reason-Phrase (RFC 4475 §3.1.1.13 shape).</summary>
    public static readonly byte[] EmptyReason = SipText.Message(
    [
        "SIP/2.0 180 ",
        "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKresp",
        "From: <sip:alice@example.com>;tag=1",
        "To: <sip:bob@example.com>;tag=2",
        "Call-ID: resp@192.0.2.1",
        "CSeq: 9 INVITE",
        "Content-Length: 0",
    ]);

    /// <summary>A 200 to a SUBSCRIBE with two Vias and Expires.</summary>
    public static readonly byte[] Ok = SipText.Message(
    [
        "SIP/2.0 200 OK",
        "Via: SIP/2.0/TLS 10.0.0.21:5061;branch=z9hG4bK8C2A4F1E.5B7D9E3A1C2B4D6F",
        "Via: SIP/2.0/TLS 192.0.2.44:50934;received=192.0.2.44",
        "From: <sip:alice@contoso.com>;tag=b9fc3d2a1e",
        "To: <sip:alice@contoso.com>;tag=7d1a",
        "Call-ID: 4f1e7b2c9d8a4b6e8f0a1c3d5e7f9b2a",
        "CSeq: 1 SUBSCRIBE",
        "Expires: 3600",
        "Contact: <sip:pa.contoso.com:5061;transport=tls>",
        "Content-Length: 0",
    ]);

    /// <summary>Bare LF line ends throughout (RFC 3261 §7.5 lets us accept them).</summary>
    public static readonly byte[] BareLf = SipText.Message(
    [
        "OPTIONS sip:lf@example.com SIP/2.0",
        "Via: SIP/2.0/UDP lf.example.com;branch=z9hG4bKlf",
        "From: <sip:a@example.com>;tag=lf",
        "To: <sip:lf@example.com>",
        "Call-ID: lf@example.com",
        "CSeq: 2 OPTIONS",
        "X-Folded: one",
        " two",
        "Content-Length: {CL}",
    ],
    "body",
    "\n");

    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        [nameof(LyncSubscribe)] = LyncSubscribe,
        [nameof(Compact)] = Compact,
        [nameof(Folded)] = Folded,
        [nameof(CommaViaIpv6)] = CommaViaIpv6,
        [nameof(Escapes)] = Escapes,
        [nameof(EmptyReason)] = EmptyReason,
        [nameof(Ok)] = Ok,
        [nameof(BareLf)] = BareLf,
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in All.Keys)
        {
            data.Add(name);
        }

        return data;
    }
}
