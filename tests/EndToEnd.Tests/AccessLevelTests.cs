using System.Net;
using System.Xml;
using System.Xml.Linq;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// Issue 12 §2 over real sockets: watchers from different domains subscribe to one room and each gets the document its
/// level allows, field by field, in PIDF and msrtc; a blocked watcher is accepted and sees Offline alone; a Team member
/// sees the mobile phone only over a trusted path; a P-Asserted-Identity from an untrusted peer changes nothing.
/// </summary>
public sealed class AccessLevelTests(AccessLevelAgentFixture fixture) : IClassFixture<AccessLevelAgentFixture>
{
    private const string Msrtc = "application/msrtc-event-categories+xml";
    private const string Pidf = "application/pidf+xml";

    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";
    private static readonly XNamespace Card = "http://schemas.microsoft.com/2006/09/sip/contactcard";
    private static readonly XNamespace State = "http://schemas.microsoft.com/2006/09/sip/state";
    private static readonly XNamespace Note = "http://schemas.microsoft.com/2006/09/sip/note";

    private AgentUnderTest Agent => fixture.Agent;

    [Fact]
    public async Task Watchers_from_two_domains_get_different_pidf_documents()
    {
        var guest = PidfBody.Parse(await SubscribeAsync("guest@elsewhere.example", Pidf));
        var partner = PidfBody.Parse(await SubscribeAsync("jo@partner.example", Pidf));

        // Public: name, availability, picture and join link; the description in place of the notes it may not see.
        Assert.Equal("open", PidfBody.Basic(guest));
        Assert.Equal("Board Room", PidfBody.DisplayName(guest));
        Assert.Equal(new Uri(Agent.HttpBase, "avatars/default.jpg").ToString(), PidfBody.Icon(guest));
        Assert.Equal(["Video room, 12 seats"], guest.Root!.Elements(PidfBody.Ns + "note").Select(n => n.Value));
        Assert.Empty(guest.Descendants(PidfBody.Cipid + "homepage"));

        // Company (a partner domain): the notes, out-of-office first, and the web site as the homepage.
        Assert.Equal("open", PidfBody.Basic(partner));
        Assert.Equal("Board Room", PidfBody.DisplayName(partner));
        Assert.Equal(PidfBody.Icon(guest), PidfBody.Icon(partner));
        Assert.Equal(["Closed for maintenance from 9 to 11 March", "Dial in and enter PIN 1234#"],
            partner.Root!.Elements(PidfBody.Ns + "note").Select(n => n.Value));
        Assert.Equal("https://intranet.example.com/rooms/board", partner.Descendants(PidfBody.Cipid + "homepage").Single().Value);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task Watchers_from_two_domains_get_different_msrtc_documents()
    {
        var guest = Load(await SubscribeAsync("guest@elsewhere.example", Msrtc));
        var partner = Load(await SubscribeAsync("jo@partner.example", Msrtc));

        var guestCard = IdentityCard(guest);
        Assert.Equal("3500", guest.Descendants(State + "availability").Single().Value);
        Assert.Equal("Board Room", guestCard.Descendants(Card + "displayName").Single().Value);
        Assert.Equal("board.room@example.com", guestCard.Descendants(Card + "email").Single().Value);
        Assert.Equal("Virtual meeting room", guestCard.Element(Card + "title")!.Value);
        Assert.Equal("Example GmbH", guestCard.Element(Card + "company")!.Value);
        foreach (var hidden in new[] { "phone", "office", "address", "url" })
        {
            Assert.Empty(guest.Descendants(Card + hidden));
        }

        Assert.Equal(["personal:Video room, 12 seats"], Notes(guest));

        var partnerCard = IdentityCard(partner);
        Assert.Equal("Board Room", partnerCard.Descendants(Card + "displayName").Single().Value);
        Assert.Equal("board.room@example.com", partnerCard.Descendants(Card + "email").Single().Value);
        Assert.Equal("Virtual meeting room", partnerCard.Element(Card + "title")!.Value);
        Assert.Equal("Example GmbH", partnerCard.Element(Card + "company")!.Value);
        Assert.Equal("Berlin 4.12", partnerCard.Element(Card + "office")!.Value);
        Assert.Equal("Example Street 1, 10115 Berlin", partnerCard.Descendants(Card + "street").Single().Value);
        Assert.Equal("https://intranet.example.com/rooms/board", partnerCard.Element(Card + "url")!.Value);
        Assert.Equal(["work:tel:+4930901820"], Phones(partner));
        Assert.Equal(["personal:Dial in and enter PIN 1234#", "OOF:Closed for maintenance from 9 to 11 March"], Notes(partner));
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_team_member_behind_a_trusted_peer_sees_every_phone_and_unproven_gets_company()
    {
        var trusted = Load(await SubscribeAsync("facilities@partner.example", Msrtc, from: IPAddress.Parse(AccessLevelAgentFixture.FrontEnd)));
        var unproven = Load(await SubscribeAsync("facilities@partner.example", Msrtc));

        Assert.Equal(["work:tel:+4930901820", "mobile:tel:+4915112345678"], Phones(trusted));
        Assert.Equal(["work:tel:+4930901820"], Phones(unproven));
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "WatcherLevel" && e.Message.Contains("facilities@partner.example (TrustedFrom", StringComparison.Ordinal) &&
            e.Message.Contains("is Team by AccessLevels:Team:0", StringComparison.Ordinal));
        Assert.Contains(Agent.Logs.Entries, e => e.Id.Name == "WatcherLevel" && e.Message.Contains("facilities@partner.example (UntrustedFrom", StringComparison.Ordinal) &&
            e.Message.Contains("is Company by AccessLevels:Team:0, capped at Company", StringComparison.Ordinal));
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_trusted_peers_asserted_identity_is_believed_and_an_untrusted_peers_changes_nothing()
    {
        const string Asserted = "P-Asserted-Identity: <sip:facilities@partner.example>\r\n";
        var plain = await SubscribeAsync("guest@elsewhere.example", Msrtc);
        var forged = await SubscribeAsync("guest@elsewhere.example", Msrtc, extraHeaders: Asserted);
        var asserted = await SubscribeAsync("anonymous@anonymous.invalid", Msrtc, IPAddress.Parse(AccessLevelAgentFixture.FrontEnd), Asserted);

        // The forged one is the guest's public document, byte for byte.
        Assert.Equal(plain.Body.ToArray(), forged.Body.ToArray());
        Assert.Equal(["work:tel:+4930901820", "mobile:tel:+4915112345678"], Phones(Load(asserted)));
        Agent.AssertNoErrors();
    }

    [Theory]
    [InlineData(Pidf)]
    [InlineData(Msrtc)]
    public async Task A_blocked_watcher_gets_200_and_sees_offline_and_nothing_else(string accept)
    {
        await using var peer = await Agent.PeerAsync(tcp: true);
        await peer.SendAsync(SipScript.Subscribe(peer, AccessLevelAgentFixture.Board, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: $"Accept: {accept}\r\n", from: "sip:someone@blocked.example"));

        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.StartsWith("active", notify.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        var text = System.Text.Encoding.UTF8.GetString(notify.Body.Span);
        foreach (var leak in new[] { "Board Room", "board.room", "Virtual", "Example GmbH", "+49", "Berlin", "intranet", "PIN", "maintenance", "avatars", "Video room" })
        {
            Assert.DoesNotContain(leak, text, StringComparison.Ordinal);
        }

        if (accept == Pidf)
        {
            var doc = PidfBody.Parse(notify);
            Assert.Equal("closed", PidfBody.Basic(doc));
            Assert.Null(PidfBody.DisplayName(doc));
            Assert.Null(PidfBody.Icon(doc));
            Assert.Empty(doc.Root!.Elements(PidfBody.Ns + "note"));
        }
        else
        {
            var doc = Load(notify);
            Assert.Equal(["state"], doc.Root!.Elements(Categories + "category").Select(c => (string?)c.Attribute("name")));
            Assert.Equal("18500", doc.Descendants(State + "availability").Single().Value);
        }

        Agent.AssertNoErrors();
    }

    /// <summary>A TCP watcher's first NOTIFY for the board room, subscribed as <paramref name="watcher"/> from <paramref name="from"/> (any loopback when null).</summary>
    private async Task<SipRequest> SubscribeAsync(string watcher, string accept, IPAddress? from = null, string extraHeaders = "")
    {
        await using var peer = await Agent.PeerAsync(tcp: true, local: from);
        await peer.SendAsync(SipScript.Subscribe(peer, AccessLevelAgentFixture.Board, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: $"Accept: {accept}\r\n{extraHeaders}", from: "sip:" + watcher));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal(accept, notify.ContentType);
        return notify;
    }

    private static XDocument Load(SipRequest notify)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(notify.Body.ToArray()), settings);
        return XDocument.Load(reader);
    }

    /// <summary>The contactCard instance with the identity (instance 0).</summary>
    private static XElement IdentityCard(XDocument doc) =>
        doc.Root!.Elements(Categories + "category").Single(c => (string?)c.Attribute("name") == "contactCard" && (string?)c.Attribute("instance") == "0")
            .Element(Card + "contactCard")!;

    private static IEnumerable<string> Phones(XDocument doc) =>
        doc.Descendants(Card + "phone").Select(p => $"{(string?)p.Attribute("type")}:{p.Element(Card + "uri")!.Value}");

    private static IEnumerable<string> Notes(XDocument doc) =>
        doc.Descendants(Note + "body").Select(b => $"{(string?)b.Attribute("type")}:{b.Value}");
}
