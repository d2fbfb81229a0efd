using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Telemetry;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Telemetry;

/// <summary>What the stack counts: by index, without allocation, and reported with fixed label values.</summary>
public sealed class SipMetricsTests
{
    [Fact]
    public void Labels_are_snake_case_and_keep_acronyms_whole()
    {
        Assert.Equal("invalid_cseq", SipMetricLabels.SnakeCase(nameof(SipFailureReason.InvalidCSeq)));
        Assert.Equal("cseq_method_mismatch", SipMetricLabels.SnakeCase(nameof(SipFailureReason.CSeqMethodMismatch)));
        Assert.Equal("malformed_start_line", SipMetricLabels.SnakeCase(nameof(SipFailureReason.MalformedStartLine)));
        Assert.Equal(Enum.GetValues<SipFailureReason>().Length, SipMetricLabels.ParseFailureReasons.Distinct().Count());
        Assert.Equal(["ok", "timeout", "failed", "no_certificate", "untrusted_chain", "name_not_allowed", "name_mismatch"], SipMetricLabels.TlsResults);
    }

    [Fact]
    public void Counting_allocates_nothing()
    {
        var metrics = new SipMetrics();
        var unknownMethod = "FOO" + Random.Shared.Next(10);
        void Count()
        {
            metrics.Answered(SipMethods.Subscribe, 200);
            metrics.Answered(unknownMethod, 405);
            metrics.ParseFailed(SipFailureReason.InvalidVia);
            metrics.TlsHandshake(inbound: true, TlsHandshakeResult.Ok);
            metrics.TlsRefused(inbound: false, TlsRefusalKind.NameMismatch);
        }

        Count();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Count();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void The_instruments_report_what_was_counted_with_fixed_label_values()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var metrics = new SipMetrics();
        metrics.Publish(meters);
        metrics.Answered(SipMethods.Subscribe, 200);
        metrics.Answered(SipMethods.Subscribe, 200);
        metrics.Answered("XYZZY", 405);
        metrics.Answered(SipMethods.Subscribe, 100);
        metrics.ParseFailed(SipFailureReason.BodyTooLarge);
        metrics.TlsRefused(inbound: true, TlsRefusalKind.UntrustedChain);

        var readings = Read(meters);

        Assert.Equal(2, readings[("responses.sent.total", "method=SUBSCRIBE,code=200")]);
        Assert.Equal(1, readings[("responses.sent.total", "method=other,code=405")]);
        Assert.DoesNotContain(readings.Keys, k => k.Labels.Contains("code=100", StringComparison.Ordinal));
        Assert.Equal(1, readings[("parse.failures.total", "reason=body_too_large")]);
        Assert.Equal(0, readings[("parse.failures.total", "reason=invalid_via")]);
        Assert.Equal(1, readings[("tls.handshakes.total", "direction=inbound,result=untrusted_chain")]);
        Assert.Equal(0, readings[("tls.handshakes.total", "direction=outbound,result=ok")]);
    }

    [Fact]
    public async Task A_running_stack_counts_a_malformed_request_and_the_answers_it_sends()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var logs = new TestLogs();
        await using var stack = new SipStack(new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 0 }],
            Domains = ["example.com"],
        }, new ManualTimeProvider(), logs, meters);
        await stack.StartAsync([new TestRequestHandler()], CancellationToken.None);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var agent = stack.LocalEndPoints[0].EndPoint;

        await peer.SendToAsync(Encoding.ASCII.GetBytes(Options("OPTIONS", peer)), agent);
        await peer.SendToAsync(Encoding.ASCII.GetBytes(Options("OPTIONS", peer).Replace("CSeq: 1 OPTIONS", "CSeq: 1 INFO", StringComparison.Ordinal)), agent);
        var buffer = new byte[4096];
        var answers = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var n = await peer.ReceiveAsync(buffer.AsMemory(), SocketFlags.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            answers.Add(Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0]);
        }

        Assert.Equal(["SIP/2.0 200", "SIP/2.0 400"], answers.Select(a => a[..11]).Order(StringComparer.Ordinal));
        var readings = Read(meters);
        Assert.Equal(1, readings[("responses.sent.total", "method=OPTIONS,code=200")]);
        Assert.Equal(1, readings[("responses.sent.total", "method=OPTIONS,code=400")]);
        Assert.Equal(1, readings[("parse.failures.total", "reason=cseq_method_mismatch")]);
    }

    private static string Options(string method, Socket peer)
    {
        var local = (IPEndPoint)peer.LocalEndPoint!;
        return $"{method} sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{local.Port};branch=z9hG4bK-m{Guid.NewGuid():N}\r\nMax-Forwards: 70\r\n" +
            $"From: <sip:t@example.com>;tag=1\r\nTo: <sip:example.com>\r\nCall-ID: {Guid.NewGuid():N}\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    /// <summary>One reading of every observable instrument of the stack's meter from <paramref name="meters"/>, keyed by instrument and labels.</summary>
    private static Dictionary<(string Instrument, string Labels), long> Read(IMeterFactory meters)
    {
        var readings = new Dictionary<(string, string), long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name == SipMetrics.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = new List<string>();
            foreach (var tag in tags)
            {
                labels.Add($"{tag.Key}={tag.Value}");
            }

            readings[(instrument.Name, string.Join(',', labels))] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return readings;
    }
}
