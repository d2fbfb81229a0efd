using System.Diagnostics.Metrics;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Telemetry;

/// <summary>
/// What the stack counts for metrics: final responses by method and status, parse failures by reason, TLS handshakes
/// by side and result. Each count is one <see cref="Interlocked"/> add on a slot found by index, so a message costs no
/// allocation and no lookup; the instruments (<see cref="Publish"/>) are observable and read the slots when a scrape
/// asks, which also keeps a count that has not moved for days exported at its value rather than expired.
/// </summary>
internal sealed class SipMetrics
{
    /// <summary>The meter's name: exported as the prefix <c>presenceagent_sip_</c>.</summary>
    public const string MeterName = "PresenceAgent.Sip";

    private readonly long[]?[] _answered = new long[SipMetricLabels.Methods.Length][];
    private readonly long[] _parseFailures = new long[SipMetricLabels.ParseFailureReasons.Length];
    private readonly long[] _tlsHandshakes = new long[2 * SipMetricLabels.TlsResults.Length];
    private long _udpDropped;

    /// <summary>A final response went (or was handed to the transport) for a request of <paramref name="method"/>; provisional ones are not counted.</summary>
    public void Answered(string method, int statusCode)
    {
        if (statusCode is < 200 or > SipMetricLabels.MaxStatusCode)
        {
            return;
        }

        var m = SipMetricLabels.MethodIndex(method);
        var row = Volatile.Read(ref _answered[m]) ?? Row(m);
        Interlocked.Increment(ref row[statusCode - SipMetricLabels.MinStatusCode]);
    }

    /// <summary>Bytes from a peer that were not a SIP message (a datagram, or a stream that could not be framed).</summary>
    public void ParseFailed(SipFailureReason reason) => Interlocked.Increment(ref _parseFailures[(int)reason]);

    /// <summary>The kernel dropped <paramref name="count"/> datagrams sent to us, mostly for want of room in a receive queue.</summary>
    public void UdpDropped(uint count) => Interlocked.Add(ref _udpDropped, count);

    /// <summary>A TLS handshake ended: <paramref name="inbound"/> for a connection a peer opened to our listener.</summary>
    public void TlsHandshake(bool inbound, TlsHandshakeResult result) =>
        Interlocked.Increment(ref _tlsHandshakes[((inbound ? 0 : 1) * SipMetricLabels.TlsResults.Length) + (int)result]);

    /// <summary>A TLS handshake our certificate checks refused.</summary>
    public void TlsRefused(bool inbound, Transport.TlsRefusalKind kind) => TlsHandshake(inbound, kind switch
    {
        Transport.TlsRefusalKind.NoCertificate => TlsHandshakeResult.NoCertificate,
        Transport.TlsRefusalKind.UntrustedChain => TlsHandshakeResult.UntrustedChain,
        Transport.TlsRefusalKind.NameNotAllowed => TlsHandshakeResult.NameNotAllowed,
        _ => TlsHandshakeResult.NameMismatch,
    });

    /// <summary>Creates the observable instruments on a meter from <paramref name="factory"/> (one meter per host, so two agents in one process count apart).</summary>
    public void Publish(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(MeterName));
        meter.CreateObservableCounter("responses.sent.total", ObserveAnswered, "{response}",
            "Final responses sent to requests, by method and status code, whoever answered: the handler, the stack (405, 420, 503 over the rate limit…) or the parser (400).");
        meter.CreateObservableCounter("parse.failures.total", ObserveParseFailures, "{message}",
            "Messages from peers that were not valid SIP, by reason; each was answered (400, 413, 505…) or dropped.");
        meter.CreateObservableCounter("udp.receive.dropped.total", () => Interlocked.Read(ref _udpDropped), "{datagram}",
            "Datagrams to our UDP listeners that the kernel dropped, mostly because a receive queue was full: past the agent's capacity.");
        meter.CreateObservableCounter("tls.handshakes.total", ObserveTlsHandshakes, "{handshake}",
            "TLS handshakes by direction (inbound: a peer connected to us; outbound: we connected) and result.");
    }

    private long[] Row(int method)
    {
        Interlocked.CompareExchange(ref _answered[method], new long[SipMetricLabels.MaxStatusCode - SipMetricLabels.MinStatusCode + 1], null);
        return _answered[method]!;
    }

    private IEnumerable<Measurement<long>> ObserveAnswered()
    {
        for (var m = 0; m < _answered.Length; m++)
        {
            if (Volatile.Read(ref _answered[m]) is not { } row)
            {
                continue;
            }

            for (var i = 0; i < row.Length; i++)
            {
                // Status codes are many; only those that occurred are exported.
                if (Interlocked.Read(ref row[i]) is var n && n > 0)
                {
                    yield return new Measurement<long>(n,
                        new KeyValuePair<string, object?>("method", SipMetricLabels.Methods[m]),
                        new KeyValuePair<string, object?>("code", SipMetricLabels.StatusCode(i + SipMetricLabels.MinStatusCode)));
                }
            }
        }
    }

    // Every reason and result is exported from the start, at 0: an alert on increase() then sees the first one.
    private IEnumerable<Measurement<long>> ObserveParseFailures()
    {
        for (var i = 0; i < _parseFailures.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _parseFailures[i]),
                new KeyValuePair<string, object?>("reason", SipMetricLabels.ParseFailureReasons[i]));
        }
    }

    private IEnumerable<Measurement<long>> ObserveTlsHandshakes()
    {
        var results = SipMetricLabels.TlsResults;
        for (var i = 0; i < _tlsHandshakes.Length; i++)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _tlsHandshakes[i]),
                new KeyValuePair<string, object?>("direction", i < results.Length ? "inbound" : "outbound"),
                new KeyValuePair<string, object?>("result", results[i % results.Length]));
        }
    }
}
