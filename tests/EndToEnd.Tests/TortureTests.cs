using System.Net;
using System.Net.Sockets;
using System.Text;
using PresenceAgent.EndToEnd.Tests.Support;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.EndToEnd.Tests;

/// <summary>
/// The 50 RFC 4475 torture messages, byte for byte, sent to the running agent as UDP datagrams and on TCP streams.
/// Each must get the answer the RFC's verdict allows (or be dropped where that is allowed), invalid ones never a 2xx,
/// responses never an answer; and the agent must keep serving afterwards. Each message gets a fresh agent: several
/// share a branch and sent-by, so one agent would rightly take the second as a retransmission of the first.
/// </summary>
public sealed class TortureTests
{
    /// <summary>What may come back: these status codes, and/or nothing (a logged drop, or on TCP a close).</summary>
    private sealed record Expect(int[] Statuses, bool MayBeSilent = false);

    private static readonly Expect s_noAnswer = new([], MayBeSilent: true);

    // Request-URIs of the valid messages are in these domains, so they reach method handling rather than 404.
    private static readonly string[] s_domains =
        ["example.com", "example.org", "example.net", "chair-dnrc.example.com", "registrar.example.com", "company.com"];

    // Verdicts from tests/Sip.Tests/Torture/rfc4475/manifest.tsv; where the RFC allows a choice, ours is noted.
    private static readonly Dictionary<string, Expect> s_expected = new()
    {
        ["wsinv.dat"] = new([405]), // INVITE: we only serve SUBSCRIBE and OPTIONS
        ["intmeth.dat"] = new([405]),
        ["esc01.dat"] = new([405]),
        ["escnull.dat"] = new([405]),
        ["esc02.dat"] = new([405]),
        ["lwsdisp.dat"] = new([200]),
        ["longreq.dat"] = new([405]),
        ["dblreq.dat"] = new([405]),
        ["semiuri.dat"] = new([200]),
        ["transports.dat"] = new([200]),
        ["mpart01.dat"] = new([405]),
        ["unreason.dat"] = s_noAnswer,
        ["noreason.dat"] = s_noAnswer,
        ["badinv01.dat"] = new([400], MayBeSilent: true), // its Via is the broken part: nowhere to send a 400
        ["clerr.dat"] = new([400], MayBeSilent: true), // UDP 400; TCP waits for the missing body, then closes
        ["ncl.dat"] = new([400], MayBeSilent: true),
        ["scalar02.dat"] = new([400]),
        ["scalarlg.dat"] = s_noAnswer,
        ["quotbal.dat"] = new([400]), // strict: we reject rather than infer the quote
        ["ltgtruri.dat"] = new([400]),
        ["lwsruri.dat"] = new([400]),
        ["lwsstart.dat"] = new([400]),
        ["trws.dat"] = new([400]),
        ["escruri.dat"] = new([400]),
        ["baddate.dat"] = new([405]), // liberal: Date is never read
        ["regbadct.dat"] = new([400]),
        ["badaspec.dat"] = new([400]),
        ["baddn.dat"] = new([400], MayBeSilent: true), // archive copy lacks the final CRLF: on TCP it never completes
        ["badvers.dat"] = new([505]),
        ["mismatch01.dat"] = new([400]),
        ["mismatch02.dat"] = new([400, 405, 501]),
        ["bigcode.dat"] = s_noAnswer,
        ["badbranch.dat"] = new([200, 400]),
        ["insuf.dat"] = new([400], MayBeSilent: true),
        ["unkscm.dat"] = new([416]),
        ["novelsc.dat"] = new([416]),
        ["unksm2.dat"] = new([405]),
        ["bext01.dat"] = new([420]),
        ["invut.dat"] = new([405, 415]),
        ["regaut01.dat"] = new([405]),
        ["multi01.dat"] = new([400]),
        ["mcl01.dat"] = new([400]),
        ["bcast.dat"] = s_noAnswer,
        ["zeromf.dat"] = new([200]),
        ["cparam01.dat"] = new([405]),
        ["cparam02.dat"] = new([405]),
        ["regescrt.dat"] = new([405]),
        ["sdp01.dat"] = new([405, 406]),
        ["inv2543.dat"] = new([405, 400], MayBeSilent: true), // no Content-Length: fine in a datagram, 400 on a stream
        ["test.dat"] = new([400], MayBeSilent: true),
    };

    public static TheoryData<string> Files() => new(ManifestFiles());

    private static List<string> ManifestFiles() =>
        [.. File.ReadLines(Path.Combine(RepoPaths.Torture, "manifest.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t')[0])];

    [Fact]
    public void Every_manifest_message_has_an_expectation()
    {
        var files = ManifestFiles();
        Assert.Equal(50, files.Count);
        Assert.Equal(files.Order(), s_expected.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Over_udp(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Torture, file));
        var expect = s_expected[file];
        await using var agent = await StartAgentAsync();

        // Responses go to the Via's sent-by port at our source address (RFC 3261 §18.2.2), so listen there: on
        // 127.0.0.2, which only this test uses, at the message's own port (5060 unless it names one).
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), SentByPort(bytes)));
        await socket.SendToAsync(bytes, SocketFlags.None, agent.SipEndPoint(tcp: false));

        var answer = await ReceiveMatchingAsync(async ct =>
        {
            var buffer = new byte[65536];
            var r = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), ct);
            return buffer.AsSpan(0, r.ReceivedBytes).ToArray();
        }, bytes, isDatagram: true, expect);
        Check(file, expect, answer);
        await AssertAgentServesAsync(agent);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Over_tcp(string file)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Torture, file));
        var expect = s_expected[file];
        await using var agent = await StartAgentAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(agent.SipEndPoint(tcp: true));
        await socket.SendAsync(bytes, SocketFlags.None);

        var pending = new List<byte>();
        var answer = await ReceiveMatchingAsync(async ct =>
        {
            var buffer = new byte[65536];
            while (true)
            {
                var scanner = default(SipFrameScanner);
                var status = scanner.Scan(new System.Buffers.ReadOnlySequence<byte>(pending.ToArray()), new SipLimits(), out var length, out _, out _);
                if (status == FrameStatus.Complete)
                {
                    var frame = pending.GetRange(0, (int)length).ToArray();
                    pending.RemoveRange(0, (int)length);
                    return frame;
                }

                var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
                if (n == 0)
                {
                    return null; // closed by the agent: allowed where silence is
                }

                pending.AddRange(buffer.AsSpan(0, n).ToArray());
            }
        }, bytes, isDatagram: false, expect);
        Check(file, expect, answer);
        await AssertAgentServesAsync(agent);
    }

    private static void Check(string file, Expect expect, SipResponse? answer)
    {
        if (answer is null)
        {
            Assert.True(expect.MayBeSilent, $"{file}: expected one of [{string.Join(", ", expect.Statuses)}], got no answer");
            return;
        }

        Assert.True(expect.Statuses.Contains(answer.StatusCode), $"{file}: expected one of [{string.Join(", ", expect.Statuses)}], got {answer.StatusCode} {answer.ReasonPhrase}");
    }

    /// <summary>
    /// The answer to this message: a response with its Call-ID (retransmissions of earlier INVITE rejections may
    /// share the port), or null after a quiet spell when silence is allowed.
    /// </summary>
    private static async Task<SipResponse?> ReceiveMatchingAsync(Func<CancellationToken, Task<byte[]?>> receive, byte[] sent,
        bool isDatagram, Expect expect)
    {
        var callId = CallIdOf(sent);
        using var cts = new CancellationTokenSource(expect.Statuses.Length == 0 ? TimeSpan.FromMilliseconds(400) : TimeSpan.FromSeconds(expect.MayBeSilent ? 2 : 5));
        try
        {
            while (true)
            {
                var bytes = await receive(cts.Token);
                if (bytes is null)
                {
                    return null;
                }

                // A 400 echoes the request's broken From/To as RFC 3261 §8.2.6.2 says, so the response may not pass
                // validation itself; its status line and Call-ID must still read.
                var parsed = SipMessageParser.Parse(bytes, new SipLimits(), isDatagram);
                Assert.True(parsed.Message is not null, $"the agent sent an unreadable message: {parsed.Failure}");
                if (parsed.Message is SipResponse r && (callId is null || r.Headers.GetFirst(HeaderKind.CallId)?.Trim() == callId))
                {
                    return r;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null; // reset by the agent closing a broken stream
        }
    }

    private static string? CallIdOf(byte[] message)
    {
        foreach (var line in Encoding.UTF8.GetString(message).Split('\n'))
        {
            var l = line.TrimEnd('\r');
            var colon = l.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && l[..colon].Trim() is var name && (name.Equals("Call-ID", StringComparison.OrdinalIgnoreCase) || name.Equals("i", StringComparison.OrdinalIgnoreCase)))
            {
                return l[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static int SentByPort(byte[] message)
    {
        var parsed = SipMessageParser.Parse(message, new SipLimits(), isDatagram: true);
        return parsed.Message?.TopVia?.Port ?? 5060;
    }

    /// <summary>The agent still answers a normal request, a fetch, with its state after the torture message.</summary>
    private static async Task AssertAgentServesAsync(AgentUnderTest agent)
    {
        await using var peer = await agent.PeerAsync(false);
        await peer.SendAsync(SipScript.Subscribe(peer, "sip:room1@" + AgentUnderTest.Domain, SipScript.NewCallId(), SipScript.NewTag(), 1, expires: 0));
        Assert.Equal(200, (await peer.ReceiveResponseAsync()).StatusCode);

        // The fetch's state, answered, so no NOTIFY is left in flight for the agent's shutdown to wait on.
        var notify = await peer.ReceiveStateNotifyAsync();
        Assert.StartsWith("terminated", notify.Headers.GetFirst(HeaderKind.SubscriptionState));
        Assert.False(notify.Body.IsEmpty);
        agent.AssertNoErrors();
    }

    private static Task<AgentUnderTest> StartAgentAsync()
    {
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < s_domains.Length; i++)
        {
            settings[$"Sip:Domains:{i + 3}"] = s_domains[i];
        }

        // A stream that stops mid-message (clerr, baddn) is closed after this long without traffic.
        settings["Sip:Limits:IdleTimeout"] = "00:00:01";

        // Every message comes from one address, dozens of them malformed on purpose: the verdicts are the subject here,
        // not the per-source limits that would soon drop the rest unanswered (their own tests cover them).
        settings["Sip:Limits:MalformedResponseBurst"] = "10000";
        settings["Sip:RateLimits:PerSecond"] = "1000000";
        settings["Sip:RateLimits:Burst"] = "10000000";
        return AgentUnderTest.StartAsync(settings);
    }
}
