using System.Net;
using System.Net.Http.Headers;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// <c>/metrics</c> scraped over HTTP and read as Prometheus reads it, while real SIP and event sink traffic goes to the
/// agent: each counter moves by what was sent, with the labels the README lists.
/// </summary>
public sealed class MetricsTests
{
    private const string Room = "sip:meet.alice@vc.example.com";
    private const string Gateway = "sip:+4420712345678@vc.example.com";

    private static Task<AgentUnderTest> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Http:AvatarSelfCheck"] = "false",
            ["Publications:Publishers:0:Name"] = "metrics-publisher",
            ["Publications:Publishers:0:Networks:0"] = "127.0.0.1",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return AgentUnderTest.StartAsync(settings);
    }

    private static async Task<PrometheusText> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        return PrometheusText.Parse(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Counters_move_by_the_traffic_sent_with_the_labels_documented()
    {
        await using var agent = await StartAsync();
        using var http = new HttpClient { BaseAddress = agent.HttpBase };
        var before = await ScrapeAsync(http);
        Assert.All(["pidf", "msrtc", "xpidf"], format => Assert.All(["udp", "tcp", "tls"], transport =>
            Assert.Equal(0, before.Value("presenceagent_subscriptions_active", ("format", format), ("transport", transport)))));
        Assert.False(before.Has("presenceagent_sip_responses_sent_total"));

        // A room and a gateway contact subscribed over UDP: both count as active PIDF over UDP.
        await using var room = await agent.PeerAsync(tcp: false);
        var roomDialog = await SubscribeAsync(room, Room);
        await using var gateway = await agent.PeerAsync(tcp: false);
        var gatewayDialog = await SubscribeAsync(gateway, Gateway);
        var subscribed = await ScrapeAsync(http);
        Assert.Equal(2, subscribed.Value("presenceagent_subscriptions_active", ("format", "pidf"), ("transport", "udp")));
        Assert.Equal(0, subscribed.Value("presenceagent_subscriptions_active", ("format", "pidf"), ("transport", "tcp")));

        // A contact no one serves, and a request the parser refuses (its CSeq names another method).
        await using var stranger = await agent.PeerAsync(tcp: false);
        await stranger.SendAsync(SipScript.Subscribe(stranger, "sip:nobody@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1));
        Assert.Equal(404, (await stranger.ReceiveResponseAsync()).StatusCode);
        var mismatch = SipScript.Subscribe(stranger, Room, SipScript.NewCallId(), SipScript.NewTag(), 1).Replace("CSeq: 1 SUBSCRIBE", "CSeq: 1 NOTIFY", StringComparison.Ordinal);
        await stranger.SendAsync(mismatch);
        Assert.Equal(400, (await stranger.ReceiveResponseAsync()).StatusCode);

        // A PUBLISH changes the room: its watcher gets a NOTIFY, whose delay since the change is recorded.
        await using var publisher = await agent.PeerAsync(tcp: false);
        await publisher.SendAsync(SipScript.Publish(publisher, Room, SipScript.Pidf(Room, open: true, "busy")));
        Assert.Equal(200, (await publisher.ReceiveResponseAsync()).StatusCode);
        await room.ReceiveRequestAsync(SipMethods.Notify);
        roomDialog.Notifies++;

        // The event sink: one event applied, one refused.
        using var node = new EventSinkNode(agent, "10.0.0.1");
        Assert.Equal(HttpStatusCode.Accepted, (await node.StartedAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await node.PostAsync("{\"event\": 1}")).StatusCode);

        // Both unsubscribe; each gets its final NOTIFY.
        await UnsubscribeAsync(room, Room, roomDialog);
        await UnsubscribeAsync(gateway, Gateway, gatewayDialog);

        PrometheusText after = before;
        await Eventually.TrueAsync(() =>
        {
            after = ScrapeAsync(http).GetAwaiter().GetResult();
            return after.Value("presenceagent_eventsink_events_total", ("type", "eventsink_started")) == 1 &&
                after.Value("presenceagent_notifies_sent_total") == roomDialog.Notifies + gatewayDialog.Notifies;
        }, "the event applied and every NOTIFY counted");

        Assert.Equal(0, after.Value("presenceagent_subscriptions_active", ("format", "pidf"), ("transport", "udp")));
        Assert.Equal(4, after.Value("presenceagent_sip_responses_sent_total", ("code", "200"), ("method", "SUBSCRIBE")));
        Assert.Equal(1, after.Value("presenceagent_sip_responses_sent_total", ("code", "404"), ("method", "SUBSCRIBE")));
        Assert.Equal(1, after.Value("presenceagent_sip_responses_sent_total", ("code", "400"), ("method", "SUBSCRIBE")));
        Assert.Equal(1, after.Value("presenceagent_sip_responses_sent_total", ("code", "200"), ("method", "PUBLISH")));
        Assert.Equal(1, after.Value("presenceagent_sip_parse_failures_total", ("reason", "cseq_method_mismatch")));
        Assert.Equal(1, after.Samples.Where(s => s.Name == "presenceagent_sip_parse_failures_total").Sum(s => s.Value));
        Assert.All(["timeout", "transport_error", "rejected", "error"], reason => Assert.Equal(0, after.Value("presenceagent_notifies_failed_total", ("reason", reason))));
        Assert.Equal(0, after.Value("presenceagent_notifies_coalesced_total"));
        Assert.Equal(1, after.Value("presenceagent_notify_delay_seconds_count"));
        Assert.InRange(after.Value("presenceagent_notify_delay_seconds_sum"), double.Epsilon, 5);
        Assert.Equal(1, after.Value("presenceagent_notify_delay_seconds_bucket", ("le", "+Inf")));

        // Relative to the first scrape: loading the configuration resolved the list's gateway member already.
        Assert.Equal(1, after.Value("presenceagent_routingrules_matches_total", ("rule", "pstn-gateway")) -
            before.Value("presenceagent_routingrules_matches_total", ("rule", "pstn-gateway")));
        Assert.Equal(0, after.Value("presenceagent_routingrules_matches_total", ("rule", "people")) -
            before.Value("presenceagent_routingrules_matches_total", ("rule", "people")));
        Assert.Equal(1, after.Value("presenceagent_routingrules_misses_total") - before.Value("presenceagent_routingrules_misses_total"));
        Assert.Equal(0, after.Value("presenceagent_routingrules_timeouts_total", ("rule", "pstn-gateway")));
        Assert.Equal(1, after.Value("presenceagent_eventsink_ignored_total", ("reason", "rejected")));
        Assert.Equal(0, after.Value("presenceagent_sip_tls_handshakes_total", ("direction", "inbound"), ("result", "ok")));

        // prometheus-net's meter adapter types every .NET counter a gauge (README); the histogram is a histogram.
        Assert.Equal("histogram", after.Types["presenceagent_notify_delay_seconds"]);
        Assert.All(["presenceagent_subscriptions_active", "presenceagent_sip_responses_sent_total", "presenceagent_notifies_sent_total",
            "presenceagent_eventsink_events_total"], family => Assert.Equal("gauge", after.Types[family]));

        // The runtime's own: prometheus-net's process collectors and the System.Runtime meter.
        Assert.Equal("counter", after.Types["process_cpu_seconds_total"]);
        Assert.True(after.Value("process_cpu_seconds_total") > 0);
        Assert.True(after.Has("system_runtime_dotnet_gc_heap_total_allocated"));
        agent.AssertNoErrors();
    }

    [Fact]
    public async Task Metrics_follow_the_admin_rule()
    {
        const string Token = "metrics-scraper-token-0123456789abcdef";
        await using var agent = await StartAsync(new Dictionary<string, string?> { ["Http:AdminToken"] = Token });
        using var http = new HttpClient { BaseAddress = agent.HttpBase };

        using var refused = await http.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("Bearer", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.True((await ScrapeAsync(http)).Has("presenceagent_subscriptions_active"));
        agent.AssertNoErrors();
    }

    /// <summary>SUBSCRIBE, its 200, and every NOTIFY up to the one with state (over UDP a body-less probe may come first).</summary>
    private static async Task<Dialog> SubscribeAsync(SipTestPeer peer, string target)
    {
        var dialog = new Dialog(SipScript.NewCallId(), SipScript.NewTag());
        await peer.SendAsync(SipScript.Subscribe(peer, target, dialog.CallId, dialog.FromTag, 1, expires: 600));
        var ok = await peer.ReceiveResponseAsync();
        Assert.Equal(200, ok.StatusCode);
        dialog.ToTag = ok.To!.Tag!;
        while (true)
        {
            var notify = await peer.ReceiveRequestAsync(SipMethods.Notify);
            dialog.Notifies++;
            if (!notify.Body.IsEmpty)
            {
                return dialog;
            }
        }
    }

    private static async Task UnsubscribeAsync(SipTestPeer peer, string target, Dialog dialog)
    {
        await peer.SendAsync(SipScript.Subscribe(peer, target, dialog.CallId, dialog.FromTag, 2, expires: 0, toTag: dialog.ToTag));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        var final = await peer.ReceiveRequestAsync(SipMethods.Notify);
        Assert.StartsWith("terminated", final.Headers.GetFirst(HeaderKind.SubscriptionState), StringComparison.Ordinal);
        dialog.Notifies++;
    }

    private sealed class Dialog(string callId, string fromTag)
    {
        public string CallId { get; } = callId;

        public string FromTag { get; } = fromTag;

        public string ToTag { get; set; } = "";

        public int Notifies { get; set; }
    }
}
