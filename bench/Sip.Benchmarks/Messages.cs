using System.Text;

namespace PresenceAgent.Sip.Benchmarks;

/// <summary>The wire messages the benchmarks use.</summary>
public static class Messages
{
    /// <summary>
    /// A Lync/Skype for Business SUBSCRIBE as it reaches a trusted application through a Front End: two Via, a
    /// Record-Route, Supported x3, Proxy-Require, a batchSub body (shape: [MS-PRES] §2.2.2.4.1).
    /// </summary>
    public static readonly byte[] LyncSubscribe = Build(
        "SUBSCRIBE sip:meet.alice@vc.example.com SIP/2.0",
        [
            "Via: SIP/2.0/TLS 10.1.1.20:5061;branch=z9hG4bK7a1c3e5f.9d2b4a6c8e0f1a3b;branched=FALSE;ms-received-port=5061;ms-received-cid=2F00",
            "Via: SIP/2.0/TLS 192.0.2.55:50712;ms-received-port=50712;ms-received-cid=1A300",
            "Record-Route: <sip:fe01.corp.example.net:5061;transport=tls;opaque=state:T;lr>;tag=8C3E4F1A2B3C4D5E6F708192A3B4C5D6",
            "Max-Forwards: 69",
            "From: <sip:bob@corp.example.net>;tag=4f2a9c7d1e;epid=5d1e0a77b2",
            "To: <sip:meet.alice@vc.example.com>",
            "Call-ID: 0b7c3e5a9d1f4e2b8c6a0d3f5e7b9c1a",
            "CSeq: 1 SUBSCRIBE",
            "Contact: <sip:bob@corp.example.net;opaque=user:epid:QxZ1aF3bK9mN2pR7sT0vW4yA;gruu>",
            "User-Agent: UCCAPI/16.0.4849.1000 OC/16.0.4849.1000 (Skype for Business)",
            "Event: presence",
            "Accept: application/msrtc-event-categories+xml, text/xml+msrtc.pidf, application/xpidf+xml, application/pidf+xml, application/rlmi+xml, multipart/related",
            "Supported: ms-piggyback-first-notify",
            "Supported: ms-benotify",
            "Proxy-Require: ms-benotify",
            "Supported: com.microsoft.autoextend",
            "Content-Type: application/msrtc-adrl-categorylist+xml",
        ],
        "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\" uri=\"sip:bob@corp.example.net\" name=\"\">\r\n" +
        " <action name=\"subscribe\" id=\"63792024\">\r\n" +
        "  <adhocList><resource uri=\"sip:meet.alice@vc.example.com\"/></adhocList>\r\n" +
        "  <categoryList xmlns=\"http://schemas.microsoft.com/2006/09/sip/categorylist\">\r\n" +
        "   <category name=\"calendarData\"/><category name=\"contactCard\"/><category name=\"note\"/>\r\n" +
        "   <category name=\"services\"/><category name=\"state\"/>\r\n" +
        "  </categoryList>\r\n" +
        " </action>\r\n" +
        "</batchSub>\r\n");

    /// <summary>The SUBSCRIBE of bench/sipp/subscribe_unsubscribe.xml as SIPp sends it (409 bytes).</summary>
    public static readonly byte[] SippSubscribe = Build(
        "SUBSCRIBE sip:room1@conf.bench.local SIP/2.0",
        [
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-21617-1-0",
            "Max-Forwards: 70",
            "From: <sip:w1@bench.local>;tag=1SIPpTag01",
            "To: <sip:room1@conf.bench.local>",
            "Call-ID: 1-21617@127.0.0.1",
            "CSeq: 1 SUBSCRIBE",
            "Contact: <sip:w1@127.0.0.1:5080;transport=UDP>",
            "Event: presence",
            "Accept: application/pidf+xml",
            "Expires: 600",
            "User-Agent: sipp-presence-bench",
        ],
        "");

    /// <summary>
    /// SIPp's 200 OK to the agent's NOTIFY: its Via, From, To, Call-ID and CSeq copied back ([last_*] of
    /// bench/sipp/subscribe_unsubscribe.xml), with the agent's 31-character branch and 16-digit tag.
    /// </summary>
    public static readonly byte[] SippNotifyOk = Build(
        "SIP/2.0 200 OK",
        [
            "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK5d0e9a7c31b4f2e800000017",
            "From: <sip:room1@conf.bench.local>;tag=3f9c1a7e5b2d4c60",
            "To: <sip:w1@bench.local>;tag=1SIPpTag01",
            "Call-ID: 1-21617@127.0.0.1",
            "CSeq: 1 NOTIFY",
        ],
        "");

    /// <summary>The in-dialog SUBSCRIBE (Expires: 0) of bench/sipp/subscribe_unsubscribe.xml: To has the agent's tag.</summary>
    public static readonly byte[] SippUnsubscribe = Build(
        "SUBSCRIBE sip:room1@127.0.0.1:5070 SIP/2.0",
        [
            "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-21617-1-5",
            "Max-Forwards: 70",
            "From: <sip:w1@bench.local>;tag=1SIPpTag01",
            "To: <sip:room1@conf.bench.local>;tag=3f9c1a7e5b2d4c60",
            "Call-ID: 1-21617@127.0.0.1",
            "CSeq: 2 SUBSCRIBE",
            "Contact: <sip:w1@127.0.0.1:5080;transport=UDP>",
            "Event: presence",
            "Accept: application/pidf+xml",
            "Expires: 0",
            "User-Agent: sipp-presence-bench",
        ],
        "");

    /// <summary>A PIDF body of the size the agent sends for a VMR (about 700 bytes).</summary>
    public const string PidfBody =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><presence xmlns:dm=\"urn:ietf:params:xml:ns:pidf:data-model\" " +
        "xmlns:rpid=\"urn:ietf:params:xml:ns:pidf:rpid\" xmlns:c=\"urn:ietf:params:xml:ns:pidf:cipid\" " +
        "entity=\"sip:room1@conf.bench.local\" xmlns=\"urn:ietf:params:xml:ns:pidf\"><tuple id=\"t-room1\"><status><basic>open</basic></status>" +
        "<contact>sip:room1@conf.bench.local</contact><note xml:lang=\"en\">Benchmark room</note></tuple>" +
        "<dm:person id=\"p-room1\"><rpid:activities><rpid:unknown /></rpid:activities>" +
        "<c:display-name>Room 1</c:display-name><c:card>http://127.0.0.1:8099/presence/avatar/default.jpg</c:card>" +
        "<dm:note xml:lang=\"en\">Benchmark room</dm:note></dm:person></presence>";

    private static byte[] Build(string startLine, string[] headers, string body)
    {
        var sb = new StringBuilder();
        sb.Append(startLine).Append("\r\n");
        foreach (var h in headers)
        {
            sb.Append(h).Append("\r\n");
        }

        sb.Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(body)).Append("\r\n\r\n").Append(body);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
