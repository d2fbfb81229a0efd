using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// SUBSCRIBEs shaped as Lync 2010, Lync 2013 and Skype for Business send them (Fixtures/Lync), against the running
/// agent over UDP and TCP: the 200, and the NOTIFY's categories document compared with its golden file.
/// </summary>
public sealed partial class LyncTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private const string Vmr = "sip:meet.alice@vc.example.com";
    private const string Gateway = "sip:+4420712345678@vc.example.com";

    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace Rlmi = "urn:ietf:params:xml:ns:rlmi";

    private AgentUnderTest Agent => fixture.Agent;

    public static TheoryData<string, string, string, bool> Cases => new()
    {
        { "lync2010-contact.sip", Vmr, "vmr-no-services.expected.xml", false },
        { "lync2010-contact.sip", Vmr, "vmr-no-services.expected.xml", true },
        { "lync2013-contact.sip", Vmr, "vmr-all.expected.xml", false },
        { "lync2013-contact.sip", Vmr, "vmr-all.expected.xml", true },
        { "sfb-contact.sip", Vmr, "vmr-all.expected.xml", false },
        { "sfb-contact.sip", Vmr, "vmr-all.expected.xml", true },
        { "sfb-plain.sip", Vmr, "vmr-all.expected.xml", false },
        { "sfb-contact.sip", Gateway, "gateway-all.expected.xml", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Lync_shaped_subscribe_gets_200_and_the_golden_categories_document(string fixtureFile, string target, string expectedFile, bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        await peer.SendAsync(Fill(fixtureFile, peer, target, callId, fromTag));

        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);

        // Lync's Via parameters come back untouched, and we advertise none of its option tags (reference §6.3).
        var via = ok.Headers.GetFirst(HeaderKind.Via)!;
        Assert.Contains($";ms-received-port={peer.Local.Port};ms-received-cid=2F00", via, StringComparison.Ordinal);
        Assert.Null(ok.Headers.GetFirst(HeaderKind.Supported));

        var notify = await peer.ReceiveStateNotifyAsync();

        // The SUBSCRIBE's From, epid included, is the To of our NOTIFY: Lync routes it to the endpoint by it.
        Assert.Equal($"<sip:bob@corp.example.net>;tag={fromTag};epid=5d1e0a77b2", notify.Headers.GetFirst(HeaderKind.To));
        Assert.Equal("application/msrtc-event-categories+xml", notify.ContentType);
        var text = Encoding.UTF8.GetString(notify.Body.Span);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", text, StringComparison.Ordinal);

        var actual = Load(notify.Body.ToArray());
        var publishTimes = actual.Root!.Elements(Categories + "category").Select(c => c.Attribute("publishTime")!.Value).Distinct().ToList();
        var publishTime = Assert.Single(publishTimes);
        Assert.Matches(PublishTimeForm(), publishTime);

        // The room has its theme's picture; a gateway alias, which has no theme, the default theme's.
        var avatarUrl = new Uri(Agent.HttpBase, target == Gateway ? "avatars/default.jpg" : "avatars/boardroom.jpg");
        var expected = File.ReadAllText(Path.Combine(RepoPaths.LyncFixtures, expectedFile))
            .Replace("{PUBLISH_TIME}", publishTime, StringComparison.Ordinal)
            .Replace("{AVATAR_URL}", avatarUrl.ToString(), StringComparison.Ordinal)
            .Replace("{AVATAR_HASH}", await AvatarHashAsync(avatarUrl), StringComparison.Ordinal);
        var golden = Load(Encoding.UTF8.GetBytes(expected));
        Assert.True(XNode.DeepEquals(Normalized(golden.Root!), Normalized(actual.Root!)), $"NOTIFY body differs from {expectedFile}:\n{text}");
        Agent.AssertNoErrors();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_batched_subscribe_gets_one_multipart_notify_for_all_its_contacts_and_a_refresh_the_next_version(bool tcp)
    {
        const string Watcher = "sip:bob@" + AgentUnderTest.Domain;
        await using var peer = await Agent.PeerAsync(tcp);
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        await peer.SendAsync(Fill("sfb-batched.sip", peer, Watcher, callId, fromTag));

        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("eventlist", ok.Headers.GetFirst(HeaderKind.Require));
        Assert.Null(ok.Headers.GetFirst(HeaderKind.Supported));

        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal($"<{Watcher}>;tag={fromTag};epid=5d1e0a77b2", notify.Headers.GetFirst(HeaderKind.To));
        Assert.Equal("eventlist", notify.Headers.GetFirst(HeaderKind.Require));
        var (body, list) = ReadList(notify);
        Assert.Equal("application/rlmi+xml", body.Type);
        Assert.Equal(body.Start, body.Parts[0].ContentId);
        Assert.Equal(Watcher, (string?)list.Attribute("uri"));
        Assert.Equal("0", (string?)list.Attribute("version"));
        Assert.Equal("true", (string?)list.Attribute("fullState"));

        // The room and the gateway alias each have an active instance and a categories part with what the
        // categoryList asked for (no services); the mistyped alias is terminated, noresource, with no part.
        var resources = list.Elements(Rlmi + "resource").ToList();
        Assert.Equal(["sip:meet.alice@vc.example.com", Gateway, "sip:meet.alcie@vc.example.com"], resources.Select(r => (string)r.Attribute("uri")!));
        Assert.Equal(3, body.Parts.Count);
        foreach (var resource in resources.Take(2))
        {
            var instance = resource.Element(Rlmi + "instance")!;
            Assert.Equal("active", (string?)instance.Attribute("state"));
            var part = body.ByCid((string)instance.Attribute("cid")!);
            Assert.Equal("binary", part.Headers["content-transfer-encoding"]);
            Assert.Equal("application/msrtc-event-categories+xml", part.ContentType);
            var categories = Load(part.Body).Root!;
            Assert.Equal((string?)resource.Attribute("uri"), (string?)categories.Attribute("uri"));
            Assert.DoesNotContain(categories.Elements(Categories + "category"), c => c.Attribute("name")!.Value == "services");
            Assert.Contains(categories.Elements(Categories + "category"), c => c.Attribute("name")!.Value == "state");
        }

        // pidgin-sipe reads the same body with libpurple, which takes four bytes off the end of each part: every
        // document, the RLMI root included, still arrives whole.
        var purple = MultipartBody.ParseAsLibpurple(notify.ContentType!, notify.Body.ToArray());
        Assert.Equal(body.Parts.Select(p => p.ContentId), purple.Parts.Select(p => p.ContentId));
        Assert.All(purple.Parts, p => Load(p.Body));
        Assert.Equal(Rlmi + "list", Load(purple.Parts[0].Body).Root!.Name);

        var typo = resources[2].Element(Rlmi + "instance")!;
        Assert.Equal("terminated", (string?)typo.Attribute("state"));
        Assert.Equal("noresource", (string?)typo.Attribute("reason"));
        Assert.Null(typo.Attribute("cid"));

        await peer.SendAsync(SipScript.Subscribe(peer, Watcher, callId, fromTag, 2, toTag: ok.To!.Tag, extraHeaders: "Supported: eventlist\r\n"));
        var refreshed = await peer.ReceiveResponseAsync();
        Assert.Equal(200, refreshed.StatusCode);
        Assert.Equal("eventlist", refreshed.Headers.GetFirst(HeaderKind.Require));
        var (_, again) = ReadList(await peer.ReceiveStateNotifyAsync());
        Assert.Equal("1", (string?)again.Attribute("version"));
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_batch_over_the_limit_gets_413_naming_the_limit()
    {
        await using var peer = await Agent.PeerAsync(tcp: true);
        var resources = string.Concat(Enumerable.Range(0, 251).Select(i => $"<resource uri=\"sip:room{i}@vc.example.com\"/>"));
        var body = "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\" uri=\"sip:bob@vc.test\" name=\"\">" +
            $"<action name=\"subscribe\" id=\"63792024\"><adhocList>{resources}</adhocList></action></batchSub>";
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:bob@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Require: adhoclist, categoryList\r\nSupported: eventlist\r\nContent-Type: application/msrtc-adrl-categorylist+xml\r\n", body: body));

        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(413, r.StatusCode);
        Assert.Contains("251 resources", r.ReasonPhrase, StringComparison.Ordinal);
        Assert.Contains("at most 250", r.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_without_supported_eventlist_gets_421_requiring_it()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        var text = Fill("sfb-batched.sip", peer, "sip:bob@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag())
            .Replace("Supported: eventlist\r\n", "", StringComparison.Ordinal);
        await peer.SendAsync(text);

        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(421, r.StatusCode);
        Assert.Equal("eventlist", r.Headers.GetFirst(HeaderKind.Require));
    }

    [Fact]
    public async Task Refresh_keeps_the_format_and_the_categories_of_the_first_subscribe()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        await peer.SendAsync(Fill("lync2010-contact.sip", peer, Vmr, callId, fromTag));
        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        await peer.ReceiveStateNotifyAsync();

        // A refresh with a plain Accept list still gets what the dialog was created with.
        await peer.SendAsync(SipScript.Subscribe(peer, Vmr, callId, fromTag, 2, toTag: ok.To!.Tag, extraHeaders: "Accept: application/pidf+xml\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var refreshed = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("application/msrtc-event-categories+xml", refreshed.ContentType);
        Assert.DoesNotContain(Load(refreshed.Body.ToArray()).Root!.Elements(Categories + "category"), c => c.Attribute("name")!.Value == "services");
    }

    [Fact]
    public async Task A_phone_that_accepts_only_xpidf_gets_xpidf_and_nothing_acceptable_gets_406()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        await peer.SendAsync(SipScript.Subscribe(peer, Vmr, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: application/xpidf+xml\r\nUser-Agent: Cisco-CP7961G/8.0\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("application/xpidf+xml", notify.ContentType);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using (var reader = XmlReader.Create(new MemoryStream(notify.Body.ToArray()), settings))
        {
            var address = XDocument.Load(reader).Root!.Element("atom")!.Element("address")!;
            Assert.Equal("open", address.Element("status")!.Attribute("status")!.Value);
        }

        // The User-Agent of a Lync client does not choose the format; Accept does.
        await peer.SendAsync(SipScript.Subscribe(peer, Vmr, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Accept: text/plain\r\nUser-Agent: UCCAPI/16.0.4849.1000 OC/16.0.4849.1000 (Skype for Business)\r\n"));
        var refused = await peer.ReceiveResponseAsync();
        Assert.Equal(406, refused.StatusCode);
        Assert.Equal("application/msrtc-event-categories+xml, application/pidf+xml, application/xpidf+xml", refused.Headers.GetFirst(HeaderKind.Accept));
    }

    [Fact]
    public async Task A_malformed_batch_body_gets_400_naming_it()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        await peer.SendAsync(SipScript.Subscribe(peer, Vmr, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Content-Type: application/msrtc-adrl-categorylist+xml\r\n", body: "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\"><action"));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("batchSub", r.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refusals_carry_a_readable_ms_diagnostics_public()
    {
        await using var peer = await Agent.PeerAsync(tcp: false);
        await peer.SendAsync(Fill("sfb-plain.sip", peer, "sip:meet.alcie.typo@vc.example.com", SipScript.NewCallId(), SipScript.NewTag()));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(404, r.StatusCode);
        Assert.Equal($"52000;reason=\"{r.ReasonPhrase}\";component=\"PresenceAgent\"", r.Headers.GetFirst("ms-diagnostics-public"));
        Assert.Contains("alias", r.ReasonPhrase, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notify_over_1300_bytes_to_a_udp_watcher_goes_over_tcp()
    {
        // RFC 3261 §18.1.1: a request over 1300 bytes (the path MTU unknown) needs a congestion-controlled transport.
        // The watcher's Contact names no transport, and it listens on TCP at the same port as its UDP socket.
        await using var peer = await Agent.PeerAsync(tcp: false);
        using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        listener.Bind(peer.Local);
        listener.Listen();
        var subscribe = Fill("sfb-contact.sip", peer, Vmr, SipScript.NewCallId(), SipScript.NewTag())
            .Replace(";transport=udp;opaque", ";opaque", StringComparison.Ordinal);
        await peer.SendAsync(subscribe);
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);

        await using var tcp = await SipTestPeer.AcceptAsync(listener);
        var notify = await tcp.ReceiveStateNotifyAsync();

        Assert.True(PresenceAgent.Sip.Writing.SipMessageWriter.ToArray(notify).Length > 1300, $"the NOTIFY is {PresenceAgent.Sip.Writing.SipMessageWriter.ToArray(notify).Length} bytes");
        Assert.Equal("TCP", notify.TopVia!.Transport);
        Assert.Equal("application/msrtc-event-categories+xml", notify.ContentType);
        Assert.True(await peer.IsSilentAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Diagnostics_header_can_be_switched_off()
    {
        await using var agent = await AgentUnderTest.StartAsync(new Dictionary<string, string?> { ["Sip:DiagnosticsHeader"] = "false" });
        await using var peer = await agent.PeerAsync(tcp: false);
        await peer.SendAsync(Fill("sfb-plain.sip", peer, "sip:meet.alcie.typo@vc.example.com", SipScript.NewCallId(), SipScript.NewTag()));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(404, r.StatusCode);
        Assert.Null(r.Headers.GetFirst("ms-diagnostics-public"));
    }

    private static string Fill(string fixtureFile, SipTestPeer peer, string target, string callId, string fromTag)
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.LyncFixtures, fixtureFile))
            .Replace("{TARGET}", target, StringComparison.Ordinal)
            .Replace("{TRANSPORT}", peer.Transport, StringComparison.Ordinal)
            .Replace("{transport}", peer.Transport.ToLowerInvariant(), StringComparison.Ordinal)
            .Replace("{HOST}", peer.Local.Address.ToString(), StringComparison.Ordinal)
            .Replace("{PORT}", peer.Local.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{BRANCH}", SipScript.NewBranch(), StringComparison.Ordinal)
            .Replace("{CALLID}", callId, StringComparison.Ordinal)
            .Replace("{FROMTAG}", fromTag, StringComparison.Ordinal);

        // The placeholders changed the body's length.
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var body = text[(split + 4)..];
        return ContentLength().Replace(text[..split], $"Content-Length: {Encoding.UTF8.GetByteCount(body)}") + "\r\n\r\n" + body;
    }

    private static (MultipartBody.Parsed Body, XElement List) ReadList(SipRequest notify)
    {
        var body = MultipartBody.Parse(notify.ContentType!, notify.Body.ToArray());
        return (body, Load(body.Parts[0].Body).Root!);
    }

    private static XDocument Load(byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreWhitespace = true };
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        return XDocument.Load(reader);
    }

    /// <summary>
    /// The element tree with namespace declarations dropped and attributes sorted: where a namespace is declared and
    /// in which order attributes come carry no meaning; names, values, text and child order do.
    /// </summary>
    private static XElement Normalized(XElement e) =>
        new(e.Name,
            e.Attributes().Where(a => !a.IsNamespaceDeclaration).OrderBy(a => a.Name.ToString(), StringComparer.Ordinal).Select(a => new XAttribute(a.Name, a.Value)),
            e.Nodes().Select(n => n is XElement child ? Normalized(child) : n));

    /// <summary>The photo hash a watcher should see: lowercase hex of the first 16 bytes of the image's SHA-256.</summary>
    private static async Task<string> AvatarHashAsync(Uri url)
    {
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(url);
        return Convert.ToHexStringLower(SHA256.HashData(bytes)[..16]);
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")]
    private static partial Regex PublishTimeForm();

    [GeneratedRegex(@"Content-Length: \d+")]
    private static partial Regex ContentLength();
}
