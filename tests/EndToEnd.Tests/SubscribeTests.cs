using System.Globalization;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>RFC 6665 / RFC 3856 behaviour of the running agent, over real UDP and TCP sockets.</summary>
public sealed class SubscribeTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    public static TheoryData<bool> Transports => new() { false, true };

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Vmr_gets_200_then_a_complete_notify(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:meet.alice@vc.example.com", callId, fromTag, 1, expires: 600,
            extraHeaders: "Accept: application/pidf+xml\r\n"));

        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("600", ok.Headers.GetFirst(HeaderKind.Expires));
        Assert.NotNull(ok.To!.Tag);
        Assert.Equal(fromTag, ok.From!.Tag);
        Assert.NotNull(ok.Headers.GetFirst(HeaderKind.Contact));
        Assert.True(ok.Headers.HasToken(HeaderKind.AllowEvents, "presence"));

        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal(callId, notify.CallId);
        Assert.Equal(ok.To.Tag, notify.From!.Tag);
        Assert.Equal(fromTag, notify.To!.Tag);
        Assert.Equal("presence", notify.Event);
        var state = notify.Headers.GetFirst(HeaderKind.SubscriptionState)!;
        Assert.StartsWith("active;expires=", state, StringComparison.Ordinal);
        Assert.InRange(int.Parse(state["active;expires=".Length..], CultureInfo.InvariantCulture), 590, 600);
        Assert.NotNull(notify.Headers.GetFirst(HeaderKind.Contact));
        Assert.Equal($"sip:watcher@{peer.Local.Address}:{peer.Local.Port};transport={peer.Transport.ToLowerInvariant()}", notify.RequestUri.ToString());

        var doc = PidfBody.Parse(notify);
        Assert.Equal("sip:meet.alice@vc.example.com", doc.Root!.Attribute("entity")!.Value);
        Assert.Equal("open", PidfBody.Basic(doc));
        Assert.Equal("Alice's <Room> & Co", PidfBody.DisplayName(doc));
        var note = doc.Root.Element(PidfBody.Ns + "note")!;
        Assert.Equal("Weekly project room — Zürich", note.Value);
        Assert.Equal("en", note.Attribute(System.Xml.Linq.XNamespace.Xml + "lang")!.Value);
        Assert.Equal(new Uri(Agent.HttpBase, "avatars/boardroom.jpg").ToString(), PidfBody.Icon(doc));
        Assert.Equal("https://vc.test/webapp/meet.alice", doc.Descendants(PidfBody.Cipid + "homepage").Single().Value);

        // The icon is a real, fetchable JPEG.
        using var http = new HttpClient();
        var image = await http.GetAsync(PidfBody.Icon(doc));
        Assert.Equal(System.Net.HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
        Assert.Equal([0xFF, 0xD8], (await image.Content.ReadAsByteArrayAsync())[..2]);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task Works_over_ipv6_too()
    {
        System.Net.IPEndPoint agentEndPoint(bool tcp) => Agent.SipEndPoint(tcp, ipv6: true);
        foreach (var tcp in new[] { false, true })
        {
            await using var peer = await Agent.PeerAsync(tcp, ipv6: true);
            await peer.SendAsync(SipScript.Subscribe(peer, "sip:townhall@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
            Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
            var notify = await peer.ReceiveStateNotifyAsync();
            Assert.Equal("Town Hall", PidfBody.DisplayName(PidfBody.Parse(notify)));

            // Our Contact is the IPv6 listener the watcher reached, with its transport.
            var contact = NameAddressOf(notify.Headers.GetFirst(HeaderKind.Contact)!);
            Assert.Equal($"[{agentEndPoint(tcp).Address}]", contact.Uri.Host);
            Assert.Equal(agentEndPoint(tcp).Port, contact.Uri.Port);
            Assert.Equal(tcp ? "tcp" : null, contact.Uri.Transport);
        }
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Gateway_alias_matching_a_rule_is_available_with_its_alias_as_name_and_the_default_avatar(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:+4420712345678@vc.example.com", SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var doc = PidfBody.Parse(await peer.ReceiveStateNotifyAsync());
        Assert.Equal("open", PidfBody.Basic(doc));
        Assert.Equal("+4420712345678", PidfBody.DisplayName(doc));

        // The default theme's picture, as Pexip Infinity shows its gateway contacts; fetchable like any avatar.
        Assert.Equal(new Uri(Agent.HttpBase, "avatars/default.jpg").ToString(), PidfBody.Icon(doc));
        using var http = new HttpClient();
        var image = await http.GetAsync(PidfBody.Icon(doc));
        Assert.Equal(System.Net.HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/jpeg", image.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Alias_matching_nothing_gets_404_and_no_notify(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:meet.alcie.typo@vc.example.com", SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(404, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.True(await peer.IsSilentAsync(TimeSpan.FromMilliseconds(700)));
    }

    [Fact]
    public async Task A_broad_rule_does_not_hide_a_service()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, $"sip:meet.alice@{AgentUnderTest.Domain}", SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal("Alice's <Room> & Co", PidfBody.DisplayName(PidfBody.Parse(await peer.ReceiveStateNotifyAsync())));
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Refresh_gets_200_and_a_notify_and_unsubscribe_ends_with_terminated_timeout(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        var target = $"sip:townhall@{AgentUnderTest.Domain}";
        await peer.SendAsync(SipScript.Subscribe(peer, target, callId, fromTag, 1, expires: 300));
        var ok = await peer.ReceiveResponseAsync();
        var toTag = ok.To!.Tag!;
        var first = await peer.ReceiveStateNotifyAsync();

        await peer.SendAsync(SipScript.Subscribe(peer, target, callId, fromTag, 2, expires: 1200, toTag: toTag));
        var refreshed = await peer.ReceiveResponseAsync();
        Assert.Equal(200, refreshed.StatusCode);
        Assert.Equal("1200", refreshed.Headers.GetFirst(HeaderKind.Expires));
        var second = await peer.ReceiveStateNotifyAsync();
        Assert.Equal(first.CSeq!.Value.Number + 1, second.CSeq!.Value.Number);
        Assert.StartsWith("active;expires=", second.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);

        await peer.SendAsync(SipScript.Subscribe(peer, target, callId, fromTag, 3, expires: 0, toTag: toTag));
        var unsubscribed = await peer.ReceiveResponseAsync();
        Assert.Equal(200, unsubscribed.StatusCode);
        Assert.Equal("0", unsubscribed.Headers.GetFirst(HeaderKind.Expires));
        var last = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("terminated;reason=timeout", last.Headers.GetFirst(HeaderKind.SubscriptionState));
        Assert.Equal("Town Hall", PidfBody.DisplayName(PidfBody.Parse(last)));

        // The dialog is gone: a late refresh is refused so the watcher starts over.
        await peer.SendAsync(SipScript.Subscribe(peer, target, callId, fromTag, 4, expires: 600, toTag: toTag));
        Assert.Equal(481, (await peer.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Expires_beyond_the_maximum_is_shortened_not_refused()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 86400));
        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("3600", ok.Headers.GetFirst(HeaderKind.Expires));
    }

    [Fact]
    public async Task Missing_expires_gets_the_presence_default_of_an_hour()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: null));
        Assert.Equal("3600", (await peer.ReceiveResponseAsync()).Headers.GetFirst(HeaderKind.Expires));
    }

    [Fact]
    public async Task Fetch_with_expires_zero_gets_one_terminated_notify_with_the_state()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 0));
        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("0", ok.Headers.GetFirst(HeaderKind.Expires));
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("terminated;reason=timeout", notify.Headers.GetFirst(HeaderKind.SubscriptionState));
        Assert.Equal("Room 1", PidfBody.DisplayName(PidfBody.Parse(notify)));
        Assert.True(await peer.IsSilentAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Short_expires_gets_423_with_min_expires()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 5));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(423, r.StatusCode);
        Assert.Equal("60", r.Headers.GetFirst(HeaderKind.MinExpires));
    }

    [Theory]
    [InlineData("message-summary")]
    [InlineData("")]
    public async Task Other_event_packages_get_489_with_allow_events(string @event)
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, @event: @event));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(489, r.StatusCode);
        Assert.Equal("presence", r.Headers.GetFirst(HeaderKind.AllowEvents));
    }

    [Fact]
    public async Task In_dialog_subscribe_for_an_unknown_dialog_gets_481()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 7, toTag: "nosuchtag"));
        Assert.Equal(481, (await peer.ReceiveResponseAsync()).StatusCode);
    }

    [Fact]
    public async Task Unknown_body_gets_415_but_a_lync_category_list_is_accepted()
    {
        await using var peer = await Agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Content-Type: application/octet-stream\r\n", body: "xyz"));
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(415, r.StatusCode);
        Assert.Equal("application/msrtc-adrl-categorylist+xml", r.Headers.GetFirst(HeaderKind.Accept));

        const string batchSub = "<batchSub xmlns=\"http://schemas.microsoft.com/2006/01/sip/batch-subscribe\" uri=\"sip:bob@corp.example.net\" name=\"\">" +
            "<action name=\"subscribe\" id=\"63792024\"><adhocList><resource uri=\"sip:room1@vc.test\"/></adhocList></action></batchSub>";
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: "Content-Type: application/msrtc-adrl-categorylist+xml\r\nSupported: ms-benotify\r\nProxy-Require: ms-benotify\r\n", body: batchSub));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal("Room 1", PidfBody.DisplayName(PidfBody.Parse(await peer.ReceiveStateNotifyAsync())));
    }

    [Fact]
    public async Task Subscribe_without_contact_gets_400_naming_it()
    {
        await using var peer = await Agent.PeerAsync(false);
        var text = SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1);
        text = string.Join("\r\n", text.Split("\r\n").Where(l => !l.StartsWith("Contact:", StringComparison.Ordinal)));
        await peer.SendAsync(text);
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(400, r.StatusCode);
        Assert.Contains("Contact", r.ReasonPhrase, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Notify_answered_481_ends_the_subscription(bool tcp)
    {
        await using var peer = await Agent.PeerAsync(tcp);
        peer.NotifyAnswer = _ => 481;
        var callId = SipScript.NewCallId();
        var fromTag = SipScript.NewTag();
        var target = "sip:room1@" + AgentUnderTest.Domain;
        await peer.SendAsync(SipScript.Subscribe(peer, target, callId, fromTag, 1));
        var toTag = (await peer.ReceiveResponseAsync()).To!.Tag!;
        await peer.ReceiveStateNotifyAsync();

        // Once the agent has the 481 the refresh finds no subscription. A refresh that overtakes the 481 may still be
        // accepted (and its NOTIFY dropped with the subscription), so retry until the 481 has landed.
        var status = 0;
        for (var cseq = 2; cseq < 40 && status != 481; cseq++)
        {
            await peer.SendAsync(SipScript.Subscribe(peer, target, callId, fromTag, cseq, toTag: toTag));
            SipMessage m;
            do
            {
                m = await peer.ReceiveAsync();
            }
            while (m is SipRequest);

            status = ((SipResponse)m).StatusCode;
            Assert.True(status is 200 or 481, $"unexpected {status}");
            await Task.Delay(status == 200 ? 100 : 0);
        }

        Assert.Equal(481, status);
    }

    [Fact]
    public async Task Notify_follows_the_record_route_set_in_order()
    {
        await using var peer = await Agent.PeerAsync(false);
        var self = $"{peer.Local.Address}:{peer.Local.Port}";
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1,
            extraHeaders: $"Record-Route: <sip:{self};lr;opaque=state:T>;tag=8C3E, <sip:proxy2.invalid;lr>\r\nRecord-Route: <sip:proxy3.invalid;lr>\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);

        // The first route is us (a stand-in proxy), so the NOTIFY arrives here with the full route set.
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal([$"<sip:{self};lr;opaque=state:T>", "<sip:proxy2.invalid;lr>", "<sip:proxy3.invalid;lr>"],
            notify.Headers.GetValues(HeaderKind.Route).ToArray());
        Assert.Equal($"sip:watcher@{self};transport=udp", notify.RequestUri.ToString());
    }

    [Fact]
    public async Task Retransmitted_subscribe_gets_the_same_answer_and_one_notify()
    {
        await using var peer = await Agent.PeerAsync(false);
        var text = SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1);
        await peer.SendAsync(text);
        var first = await peer.ReceiveAsync();
        await peer.SendAsync(text);
        var messages = new List<SipMessage> { first };
        while (!await peer.IsSilentAsync(TimeSpan.FromMilliseconds(700)))
        {
            messages.Add(await peer.ReceiveAsync());
        }

        var responses = messages.OfType<SipResponse>().ToList();
        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
        Assert.Equal(responses[0].To!.Tag, responses[1].To!.Tag);
        Assert.Single(messages.OfType<SipRequest>());
    }

    private static NameAddress NameAddressOf(string value) =>
        NameAddress.TryParse(value, out var na) ? na : throw new FormatException(value);

    [Fact]
    public async Task Options_lists_what_the_agent_does()
    {
        await using var peer = await Agent.PeerAsync(false);
        var l = peer.Local;
        await peer.SendAsync($"OPTIONS sip:{AgentUnderTest.Domain} SIP/2.0\r\nVia: SIP/2.0/UDP {l.Address}:{l.Port};branch={SipScript.NewBranch()}\r\n" +
            $"Max-Forwards: 70\r\nFrom: <sip:probe@e2e.test>;tag=1\r\nTo: <sip:{AgentUnderTest.Domain}>\r\nCall-ID: {SipScript.NewCallId()}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
        var r = await peer.ReceiveResponseAsync();
        Assert.Equal(200, r.StatusCode);
        Assert.True(r.Headers.HasToken(HeaderKind.Allow, "SUBSCRIBE"));
        Assert.True(r.Headers.HasToken(HeaderKind.AllowEvents, "presence"));
    }
}
