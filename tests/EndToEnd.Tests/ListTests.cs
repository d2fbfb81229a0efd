using System.Xml;
using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// A configured list URI (RFC 4662) as a standard SIP client subscribes to it, over real UDP and TCP sockets: one
/// NOTIFY with every member, RLMI first and a PIDF part per member; 421 for a client that cannot take it.
/// </summary>
public sealed class ListTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private const string Rooms = "sip:rooms@" + AgentUnderTest.Domain;
    private const string Accept = "Accept: application/pidf+xml, application/rlmi+xml, multipart/related\r\n";

    private static readonly XNamespace Rlmi = "urn:ietf:params:xml:ns:rlmi";

    private AgentUnderTest Agent => fixture.Agent;

    public static TheoryData<bool> Transports => new() { false, true };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_supporting_eventlist_gets_every_member_as_a_pidf_part_and_its_unsubscribe_a_final_version(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        await peer.SendAsync(SipScript.Subscribe(peer, Rooms, callId, fromTag, 1, extraHeaders: "Supported: eventlist\r\n" + Accept));

        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("eventlist", ok.Headers.GetFirst(HeaderKind.Require));

        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("eventlist", notify.Headers.GetFirst(HeaderKind.Require));
        Assert.StartsWith("active;expires=", notify.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        var (body, list) = Read(notify);
        Assert.Equal(body.Start, body.Parts[0].ContentId);
        Assert.Equal(Rooms, (string?)list.Attribute("uri"));
        Assert.Equal("0", (string?)list.Attribute("version"));
        Assert.Equal("Conference rooms", list.Element(Rlmi + "name")!.Value);

        // Members in configured order; a bare alias is taken in the domain the list was subscribed in.
        string[] members = ["sip:meet.alice@" + AgentUnderTest.Domain, "sip:townhall@" + AgentUnderTest.Domain, "sip:+4420712345678@vc.example.com"];
        var resources = list.Elements(Rlmi + "resource").ToList();
        Assert.Equal(members, resources.Select(r => (string)r.Attribute("uri")!));
        Assert.Equal(["Alice's <Room> & Co", "Town Hall", "+4420712345678"], resources.Select(r => r.Element(Rlmi + "name")!.Value));
        Assert.Equal(4, body.Parts.Count);
        foreach (var resource in resources)
        {
            var instance = resource.Element(Rlmi + "instance")!;
            Assert.Equal("active", (string?)instance.Attribute("state"));
            var part = body.ByCid((string)instance.Attribute("cid")!);
            Assert.Equal("application/pidf+xml", part.ContentType);
            var pidf = Load(part.Body).Root!;
            Assert.Equal(PidfBody.Ns + "presence", pidf.Name);
            Assert.Equal((string?)resource.Attribute("uri"), (string?)pidf.Attribute("entity"));
        }

        await peer.SendAsync(SipScript.Subscribe(peer, Rooms, callId, fromTag, 2, expires: 0, toTag: ok.To!.Tag, extraHeaders: "Supported: eventlist\r\n" + Accept));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var last = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("terminated;reason=timeout", last.Headers.GetFirst(HeaderKind.SubscriptionState));
        var (_, final) = Read(last);
        Assert.Equal("1", (string?)final.Attribute("version"));
        Assert.All(final.Descendants(Rlmi + "instance"), i => Assert.Equal("terminated", (string?)i.Attribute("state")));
        Agent.AssertNoErrors();
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_client_without_supported_eventlist_gets_421_requiring_it(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        await peer.SendAsync(SipScript.Subscribe(peer, Rooms, SipScript.NewCallId(), SipScript.NewTag(), 1, extraHeaders: Accept));

        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(421, r.StatusCode);
        Assert.Equal("eventlist", r.Headers.GetFirst(HeaderKind.Require));
        Assert.True(await peer.IsSilentAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Options_advertises_the_list_and_batch_option_tags_and_none_of_lyncs_notify_extensions()
    {
        await using var peer = await Agent.PeerAsync(false);
        var l = peer.Local;
        await peer.SendAsync($"OPTIONS sip:{AgentUnderTest.Domain} SIP/2.0\r\nVia: SIP/2.0/UDP {l.Address}:{l.Port};branch={SipScript.NewBranch()}\r\n" +
            $"Max-Forwards: 70\r\nFrom: <sip:probe@e2e.test>;tag=1\r\nTo: <sip:{AgentUnderTest.Domain}>\r\nCall-ID: {SipScript.NewCallId()}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(["eventlist", "adhoclist", "categoryList"], r.Headers.GetValues(HeaderKind.Supported));
    }

    private static (MultipartBody.Parsed Body, XElement List) Read(SipRequest notify)
    {
        var body = MultipartBody.Parse(notify.ContentType!, notify.Body.ToArray());
        return (body, Load(body.Parts[0].Body).Root!);
    }

    private static XDocument Load(byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        return XDocument.Load(reader);
    }
}
