using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.Hosting;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Benchmarks;

/// <summary>
/// One subscribe+unsubscribe call through the whole agent, as SIPp's subscribe_unsubscribe.xml makes it: SUBSCRIBE,
/// its 200, the NOTIFY and our 200, then SUBSCRIBE with Expires 0, its 200, the terminating NOTIFY and our 200, over
/// a real UDP socket on loopback. The agent runs in this process, so the memory diagnoser's allocated bytes (every
/// thread's) are the agent's per call: this client writes into fixed buffers and allocates nothing per call.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class SubscribeCall
{
    // The embedded appsettings.json's example room, "Room 1" (alias room1), in its first served domain.
    private const string Domain = "vc.example.com";

    private static readonly byte[][] s_echoed = [.. new[] { "Via", "From", "To", "Call-ID", "CSeq" }.Select(n => System.Text.Encoding.ASCII.GetBytes($"\r\n{n}: "))];

    private readonly byte[] _send = new byte[2048];
    private readonly byte[] _receive = new byte[65536];
    private readonly byte[] _toHeader = new byte[512];
    private readonly Writer _w;
    private WebApplication? _agent;
    private Socket? _client;
    private string _contact = "";
    private long _call;

    public SubscribeCall() => _w = new Writer(_send);

    [GlobalSetup]
    public void Start()
    {
        _agent = AgentHost.Build([], new Dictionary<string, string?>
        {
            ["Sip:Listeners:0:Protocol"] = "Udp",
            ["Sip:Listeners:0:Address"] = "127.0.0.1",
            ["Sip:Listeners:0:Port"] = "0",
            ["Sip:Listeners:1:Protocol"] = "Tcp",
            ["Sip:Listeners:1:Address"] = "127.0.0.1",
            ["Sip:Listeners:1:Port"] = "0",
            ["Http:Urls"] = "http://127.0.0.1:0",
            ["Http:AvatarSelfCheck"] = "false",
            ["Serilog:MinimumLevel:Default"] = "Warning",

            // As bench/agent/agent.sh runs it for SIPp: one source making every call, unlimited.
            ["Subscriptions:MaxPerSource"] = "1000000",
            ["Sip:RateLimits:PerSecond"] = "1000000",
            ["Sip:RateLimits:Burst"] = "10000000",
        });
        _agent.StartAsync().GetAwaiter().GetResult();
        var sip = _agent.Services.GetRequiredService<SipStack>().LocalEndPoints
            .First(e => e.Protocol == TransportProtocol.Udp).EndPoint;
        _client = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 5000 };
        _client.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _client.Connect(sip);
        _contact = $"<sip:w@127.0.0.1:{((IPEndPoint)_client.LocalEndPoint!).Port}>";

        // Past Timer J (64·T1, 32 s) at the measured rate: until then the completed-transaction tables and timer rings
        // are still growing to the size this rate keeps, and their growth would be counted against the calls measured.
        var steady = System.Diagnostics.Stopwatch.StartNew();
        while (steady.Elapsed < TimeSpan.FromSeconds(35))
        {
            SubscribeAndUnsubscribe();
        }
    }

    [GlobalCleanup]
    public void Stop()
    {
        _client?.Dispose();
        _agent?.StopAsync().GetAwaiter().GetResult();
        (_agent as IDisposable)?.Dispose();
    }

    [Benchmark(Description = "SUBSCRIBE, NOTIFY, unSUBSCRIBE, NOTIFY (8 messages, UDP)")]
    public void SubscribeAndUnsubscribe()
    {
        var call = ++_call;
        var toLength = Exchange(Subscribe(call, 1, 600, toTag: default), call, ending: false);
        Exchange(Subscribe(call, 2, 0, _toHeader.AsSpan(0, toLength)), call, ending: true);
    }

    /// <summary>
    /// Sends the SUBSCRIBE in the send buffer and answers every NOTIFY until its 2xx and this call's NOTIFY have come:
    /// one with a body (the first NOTIFY to an address that has not answered yet is a probe without one), or the
    /// terminating one. Returns the 2xx's To line's length, the line kept in <see cref="_toHeader"/>.
    /// </summary>
    private int Exchange(int length, long call, bool ending)
    {
        Span<byte> callId = stackalloc byte[32];
        "bench-"u8.CopyTo(callId);
        Utf8Formatter.TryFormat(call, callId[6..], out var digits);
        callId = callId[..(6 + digits)];

        _client!.Send(_send.AsSpan(0, length));
        var toLength = -1;
        var notified = false;
        while (toLength < 0 || !notified)
        {
            var message = _receive.AsSpan(0, _client.Receive(_receive));
            if (message.StartsWith("NOTIFY "u8))
            {
                _client.Send(_send.AsSpan(0, OkFor(message)));
                notified |= Line(message, "\r\nCall-ID: "u8).SequenceEqual(callId) && (ending
                    ? Line(message, "\r\nSubscription-State: "u8).StartsWith("terminated"u8)
                    : !Line(message, "\r\nContent-Length: "u8).SequenceEqual("0"u8));
            }
            else if (message.StartsWith("SIP/2.0 2"u8) && Line(message, "\r\nCall-ID: "u8).SequenceEqual(callId))
            {
                var to = Line(message, "\r\nTo: "u8);
                to.CopyTo(_toHeader);
                toLength = to.Length;
            }
        }

        return toLength;
    }

    private int Subscribe(long call, int cseq, int expires, ReadOnlySpan<byte> toTag)
    {
        var w = _w.Reset();
        w.Put("SUBSCRIBE sip:room1@"u8).Put(Domain).Put(" SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bKbench"u8).Put(call).Put("-"u8).Put(cseq)
            .Put(";rport\r\nMax-Forwards: 70\r\nFrom: <sip:w"u8).Put(call).Put("@"u8).Put(Domain).Put(">;tag=f"u8).Put(call).Put("\r\n"u8);
        if (toTag.IsEmpty)
        {
            w.Put("To: <sip:room1@"u8).Put(Domain).Put(">\r\n"u8);
        }
        else
        {
            w.Put("To: "u8).Put(toTag).Put("\r\n"u8);
        }

        w.Put("Call-ID: bench-"u8).Put(call).Put("\r\nCSeq: "u8).Put(cseq).Put(" SUBSCRIBE\r\nContact: "u8).Put(_contact)
            .Put("\r\nEvent: presence\r\nAccept: application/pidf+xml\r\nExpires: "u8).Put(expires).Put("\r\nContent-Length: 0\r\n\r\n"u8);
        return w.Length;
    }

    /// <summary>200 OK to a NOTIFY: its Via, From, To, Call-ID and CSeq lines (the agent writes each once, long names).</summary>
    private int OkFor(ReadOnlySpan<byte> notify)
    {
        var w = _w.Reset();
        w.Put("SIP/2.0 200 OK\r\n"u8);
        foreach (var name in s_echoed)
        {
            w.Put(name.AsSpan(2)).Put(Line(notify, name)).Put("\r\n"u8);
        }

        w.Put("Content-Length: 0\r\n\r\n"u8);
        return w.Length;
    }

    /// <summary>The value of the header line <paramref name="name"/> (CRLF, name, colon and space) starts.</summary>
    private static ReadOnlySpan<byte> Line(ReadOnlySpan<byte> message, scoped ReadOnlySpan<byte> name)
    {
        var at = message.IndexOf(name);
        if (at < 0)
        {
            throw new InvalidOperationException("a message without a header the benchmark needs");
        }

        var value = message[(at + name.Length)..];
        return value[..value.IndexOf("\r\n"u8)];
    }

    /// <summary>Appends to a fixed buffer without allocating; one per benchmark, reset per message.</summary>
    private sealed class Writer(byte[] buffer)
    {
        public int Length { get; private set; }

        public Writer Reset()
        {
            Length = 0;
            return this;
        }

        public Writer Put(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.AsSpan(Length));
            Length += bytes.Length;
            return this;
        }

        public Writer Put(string ascii)
        {
            foreach (var c in ascii)
            {
                buffer[Length++] = (byte)c;
            }

            return this;
        }

        public Writer Put(long number)
        {
            Utf8Formatter.TryFormat(number, buffer.AsSpan(Length), out var written);
            Length += written;
            return this;
        }
    }
}
