using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>The agent over TLS and mutual TLS, as a Lync / Skype for Business Front End pool talks to it.</summary>
public sealed class TlsTests(TlsAgentFixture fixture) : IClassFixture<TlsAgentFixture>
{
    private AgentUnderTest Agent => fixture.Agent;

    private TestPki Pki => fixture.Pki;

    [Fact]
    public async Task Subscribe_over_tls_gets_200_and_the_notify_on_the_same_connection()
    {
        using var frontEnd = Pki.Issue("Front End", [TlsAgentFixture.FrontEnd]);
        await using var peer = await SipTestPeer.ConnectTlsAsync(Agent.TlsEndPoint, Pki.ClientOptions(AgentUnderTest.TlsName, frontEnd));
        var callId = SipScript.NewCallId();
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:meet.alice@vc.example.com", callId, SipScript.NewTag(), 1, expires: 600));

        var ok = await peer.ReceiveResponseAsync();
        var notify = await peer.ReceiveStateNotifyAsync();

        Assert.Equal(200, ok.StatusCode);
        var contact = $"<sip:{AgentUnderTest.TlsName}:{Agent.TlsEndPoint.Port};transport=tls>";
        Assert.Equal(contact, ok.Headers.GetFirst(HeaderKind.Contact));
        Assert.Equal(callId, notify.CallId);
        Assert.Equal("Alice's <Room> & Co", PidfBody.DisplayName(PidfBody.Parse(notify)));
        Assert.Equal(contact, notify.Headers.GetFirst(HeaderKind.Contact));
        var via = notify.TopVia!;
        Assert.Equal("TLS", via.Transport);
        Assert.Equal(AgentUnderTest.TlsName, via.Host);
        Assert.Equal(Agent.TlsEndPoint.Port, via.Port);
        Agent.AssertNoErrors();
    }

    [Fact]
    public async Task A_lync_watcher_over_tls_sees_a_room_in_a_meeting_as_6500_with_its_token_and_its_text_by_lcid()
    {
        using var frontEnd = Pki.Issue("Front End", [TlsAgentFixture.FrontEnd]);
        await using var peer = await SipTestPeer.ConnectTlsAsync(Agent.TlsEndPoint, Pki.ClientOptions(AgentUnderTest.TlsName, frontEnd));
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:meet.alice@vc.example.com", SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 600,
            extraHeaders: "Accept: application/msrtc-event-categories+xml\r\nAccept-Language: de-DE\r\n"));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);
        Assert.Equal("3500", Availability(await peer.ReceiveStateNotifyAsync()));

        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == fixture.AgentCertificate.Thumbprint,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{Agent.HttpBase.Port}/") };
        var set = await http.PutAsync("api/services/meet.alice/presence", new StringContent("""{"status":"InAMeeting"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.Equal("6500", Availability(notify));
        var activity = State(notify).Descendants(MsrtcState + "activity").Single();
        Assert.Equal("in-a-meeting", (string?)activity.Attribute("token"));

        // Lync shows the string of its own locale: each configured language is there by LCID.
        var texts = activity.Elements(MsrtcState + "custom").ToDictionary(c => (string)c.Attribute("LCID")!, c => c.Value);
        Assert.Equal("In a meeting", texts["1033"]);
        Assert.Equal("In einer Besprechung", texts["1031"]);
        Assert.Equal("En réunion", texts["1036"]);
        Assert.Equal("En una reunión", texts["3082"]);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync("api/services/meet.alice/presence")).StatusCode);
        Assert.Equal("3500", Availability(await peer.ReceiveStateNotifyAsync()));
        Agent.AssertNoErrors();
    }

    private static readonly System.Xml.Linq.XNamespace MsrtcState = "http://schemas.microsoft.com/2006/09/sip/state";

    private static System.Xml.Linq.XElement State(SipRequest notify)
    {
        Assert.Equal("application/msrtc-event-categories+xml", notify.ContentType);
        return System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(notify.Body.Span)).Descendants(MsrtcState + "state").Single();
    }

    private static string Availability(SipRequest notify) => State(notify).Element(MsrtcState + "availability")!.Value;

    [Fact]
    public async Task The_avatar_is_served_over_https_with_the_sip_certificate_and_the_self_check_reports_its_trust()
    {
        Assert.Equal(Uri.UriSchemeHttps, Agent.HttpBase.Scheme);
        string? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                presented = certificate?.Thumbprint;
                return certificate?.Thumbprint == fixture.AgentCertificate.Thumbprint;
            },
        };
        using var http = new HttpClient(handler);

        var response = await http.GetAsync(new Uri(Agent.HttpBase, "avatars/boardroom.jpg"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(fixture.AgentCertificate.Thumbprint, presented);

        // Watchers that do not trust the test CA could not load it either: the start-up check says so, naming the URL.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Agent.Logs.Entries.Any(e => e.Id.Name == "AvatarSelfCheckFailed") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var warning = Agent.Logs.Entries.First(e => e.Id.Name == "AvatarSelfCheckFailed");
        Assert.Contains(new Uri(Agent.HttpBase, "avatars/").ToString(), warning.Message, StringComparison.Ordinal);
        Assert.Contains("SSL", warning.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Peer_whose_certificate_names_a_host_not_allowed_is_refused_and_logged()
    {
        using var intruder = Pki.Issue("Intruder", ["intruder.test"]);

        var client = await AssertRefusedAsync(Pki.ClientOptions(AgentUnderTest.TlsName, intruder));

        await AssertRefusalLoggedAsync(client, "name not allowed (intruder.test)");
    }

    [Fact]
    public async Task Peer_with_a_certificate_from_an_untrusted_ca_is_refused_and_logged()
    {
        using var impostor = Pki.Issue("Front End", [TlsAgentFixture.FrontEnd], trusted: false);

        var client = await AssertRefusedAsync(Pki.ClientOptions(AgentUnderTest.TlsName, impostor));

        await AssertRefusalLoggedAsync(client, "untrusted chain");
    }

    [Fact]
    public async Task Peer_without_a_certificate_is_refused_and_logged()
    {
        var client = await AssertRefusedAsync(Pki.ClientOptions(AgentUnderTest.TlsName));

        await AssertRefusalLoggedAsync(client, "no certificate");
    }

    [Fact]
    public async Task Notify_follows_a_tls_record_route_to_the_front_end_fqdn()
    {
        using var frontEnd = Pki.Issue("Front End", [TlsAgentFixture.FrontEnd]);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var route = $"<sip:{TlsAgentFixture.FrontEnd}:{((IPEndPoint)listener.LocalEndPoint!).Port};transport=tls;lr>";

        // Over UDP, so there is no connection of the watcher's for the NOTIFY to prefer: the route set decides.
        await using var watcher = await Agent.PeerAsync(tcp: false);
        var callId = SipScript.NewCallId();
        await watcher.SendAsync(SipScript.Subscribe(watcher, "sip:townhall@" + AgentUnderTest.Domain, callId, SipScript.NewTag(), 1,
            extraHeaders: $"Record-Route: {route}\r\n"));
        Assert.Equal(200, (await watcher.ReceiveResponseAsync()).StatusCode);

        await using var pool = await SipTestPeer.AcceptTlsAsync(listener, Pki.ServerOptions(frontEnd, requireClientCertificate: true));
        var notify = await pool.ReceiveStateNotifyAsync();

        Assert.Equal(callId, notify.CallId);
        Assert.Equal(route, notify.Headers.GetFirst(HeaderKind.Route));
        Assert.Equal(TlsAgentFixture.FrontEnd, pool.Tls!.TargetHostName);
        Assert.Equal(fixture.AgentCertificate.GetCertHashString(), pool.Tls.RemoteCertificate!.GetCertHashString());
        Assert.Equal("TLS", notify.TopVia!.Transport);
        Assert.Equal(AgentUnderTest.TlsName, notify.TopVia.Host);
        Assert.True(await watcher.IsSilentAsync(TimeSpan.FromMilliseconds(300)));
        Agent.AssertNoErrors();
    }

    /// <summary>
    /// Offers <paramref name="options"/> and checks the agent refused: the handshake failed or, with TLS 1.3 (where the
    /// client finishes before the server has checked its certificate), the connection closed without an answer.
    /// </summary>
    private async Task<IPEndPoint> AssertRefusedAsync(SslClientAuthenticationOptions options)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(Agent.TlsEndPoint, cts.Token);
        var local = (IPEndPoint)socket.LocalEndPoint!;
        await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
        try
        {
            await ssl.AuthenticateAsClientAsync(options, cts.Token);
            var options200 = $"OPTIONS sip:{AgentUnderTest.Domain} SIP/2.0\r\nVia: SIP/2.0/TLS {local};branch={SipScript.NewBranch()}\r\n" +
                $"Max-Forwards: 70\r\nFrom: <sip:x@{AgentUnderTest.Domain}>;tag=1\r\nTo: <sip:{AgentUnderTest.Domain}>\r\n" +
                $"Call-ID: {SipScript.NewCallId()}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            await ssl.WriteAsync(Encoding.UTF8.GetBytes(options200), cts.Token);
            Assert.Equal(0, await ssl.ReadAsync(new byte[1024], cts.Token));
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // Refused in the handshake, or by the alert that followed it.
        }

        return local;
    }

    private async Task AssertRefusalLoggedAsync(IPEndPoint client, string reason)
    {
        var port = client.Port.ToString(CultureInfo.InvariantCulture);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Agent.Logs.Entries.Any(e => e.Id.Name == "TlsClientRefused" && e.Message.Contains(":" + port, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no TlsClientRefused log for the client");
            await Task.Delay(20);
        }

        var refusal = Agent.Logs.Entries.Single(e => e.Id.Name == "TlsClientRefused" && e.Message.Contains(":" + port, StringComparison.Ordinal));
        Assert.Equal(1054, refusal.Id.Id);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
        Agent.AssertNoErrors();
    }
}
