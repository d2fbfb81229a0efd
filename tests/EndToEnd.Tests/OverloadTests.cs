using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.EndToEnd.Tests.Support;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// A burst of new SUBSCRIBEs far past what the agent can take at once, sent over UDP faster than any agent reads them:
/// its receive queue overflows and the kernel drops datagrams. While it does, new SUBSCRIBEs are answered 503 with
/// Retry-After (Sip:Limits:OverloadRetryAfter); the overflow is logged and counted; once the queue drains, a new
/// watcher is served as on a quiet agent.
/// </summary>
public sealed class OverloadTests
{
    private const int Burst = 30_000;
    private const string Room = "sip:meet.alice@vc.example.com";
    private const string Overloaded = "SIP/2.0 503 Service Unavailable (overloaded)";

    [Fact]
    public async Task While_the_receive_queue_overflows_new_subscriptions_get_503_with_Retry_After_and_then_are_served_again()
    {
        await using var agent = await AgentUnderTest.StartAsync(Settings(retryAfter: "00:00:02"));
        var answers = await BlastAsync(agent.SipEndPoint(tcp: false));

        var shed = answers.Where(a => a.StartsWith(Overloaded, StringComparison.Ordinal)).ToList();
        Assert.True(shed.Count > 0, $"no 503 (overloaded) among {answers.Count} answers to {Burst} SUBSCRIBEs: {Summary(answers)}");
        Assert.All(shed, a => Assert.Contains("\r\nRetry-After: 2\r\n", a, StringComparison.Ordinal));
        Assert.Contains(answers, IsSuccess);
        Assert.Contains(agent.Logs.Entries, e => e.Id.Name == "UdpQueueOverflowed" && e.Message.Contains("Retry-After 2 s", StringComparison.Ordinal));

        using var http = new HttpClient { BaseAddress = agent.HttpBase };
        var metrics = PrometheusText.Parse(await http.GetStringAsync("metrics"));
        Assert.True(metrics.Value("presenceagent_sip_udp_receive_dropped_total") > 0);
        // At least those seen: our own socket may have dropped some of the answers to the burst.
        Assert.True(metrics.Value("presenceagent_sip_responses_sent_total", ("method", "SUBSCRIBE"), ("code", "503")) >= shed.Count);

        // Drained: a new watcher from another address subscribes as usual.
        await using var watcher = await SipTestPeer.ConnectAsync(agent.SipEndPoint(tcp: false), tcp: false, IPAddress.Parse("127.0.0.5"));
        int? status = null;
        for (var attempt = 0; attempt < 15 && status is not (>= 200 and < 300); attempt++)
        {
            await watcher.SendAsync(SipScript.Subscribe(watcher, Room, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 600));
            status = (await watcher.ReceiveResponseAsync(TimeSpan.FromSeconds(5))).StatusCode;
            if (status == 503)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        Assert.InRange(status ?? 0, 200, 299);
    }

    [Fact]
    public async Task With_OverloadRetryAfter_zero_the_overflow_is_logged_and_every_subscription_taken_is_accepted()
    {
        await using var agent = await AgentUnderTest.StartAsync(Settings(retryAfter: "00:00:00"));
        var answers = await BlastAsync(agent.SipEndPoint(tcp: false));

        Assert.DoesNotContain(answers, a => a.StartsWith("SIP/2.0 503", StringComparison.Ordinal));
        Assert.Contains(answers, IsSuccess);
        Assert.Contains(agent.Logs.Entries, e => e.Id.Name == "UdpQueueOverflowedNoShedding");
    }

    private static Dictionary<string, string?> Settings(string retryAfter) => new()
    {
        ["Sip:Limits:OverloadRetryAfter"] = retryAfter,

        // One source sends the whole burst: the per-source limits would turn it away before the queue could overflow.
        ["Sip:RateLimits:PerSecond"] = "1000000",
        ["Sip:RateLimits:Burst"] = "10000000",
        ["Subscriptions:MaxPerSource"] = "10000000",
        ["Subscriptions:MaxPerWatcher"] = "10000000",
    };

    /// <summary>
    /// Sends <see cref="Burst"/> new SUBSCRIBEs from 127.0.0.4 as fast as one socket can, and returns the start line and
    /// headers of every response the agent sent back, read until it has been quiet for two seconds (its NOTIFYs are
    /// left unanswered and not returned).
    /// </summary>
    private static async Task<List<string>> BlastAsync(IPEndPoint agent)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 32 * 1024 * 1024;
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.4"), 0));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var datagrams = Enumerable.Range(0, Burst).Select(i => Encoding.ASCII.GetBytes(Subscribe(local, i))).ToArray();

        var answers = new List<string>();
        var reader = Task.Run(() =>
        {
            var buffer = new byte[65_536];
            socket.ReceiveTimeout = 2000;
            while (true)
            {
                int length;
                try
                {
                    length = socket.Receive(buffer);
                }
                catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
                {
                    return;
                }

                var text = Encoding.ASCII.GetString(buffer, 0, length);
                if (text.StartsWith("SIP/2.0 ", StringComparison.Ordinal))
                {
                    answers.Add(text[..Math.Max(0, text.IndexOf("\r\n\r\n", StringComparison.Ordinal))]);
                }
            }
        });

        foreach (var datagram in datagrams)
        {
            socket.SendTo(datagram, agent);
        }

        await reader;
        return answers;
    }

    private static string Subscribe(IPEndPoint local, int i) => string.Create(CultureInfo.InvariantCulture,
        $"SUBSCRIBE {Room} SIP/2.0\r\nVia: SIP/2.0/UDP {local};branch=z9hG4bK-burst-{i}\r\nMax-Forwards: 70\r\nFrom: <sip:watcher{i}@e2e.test>;tag=burst{i}\r\nTo: <{Room}>\r\nCall-ID: burst-{i}@e2e.test\r\nCSeq: 1 SUBSCRIBE\r\nContact: <sip:watcher{i}@{local}>\r\nEvent: presence\r\nExpires: 600\r\nContent-Length: 0\r\n\r\n");

    private static bool IsSuccess(string answer) => answer.StartsWith("SIP/2.0 2", StringComparison.Ordinal);

    private static string Summary(List<string> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Split("\r\n")[0]).Select(g => $"{g.Count()} × {g.Key}"));
}
