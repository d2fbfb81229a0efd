using System.Net;
using System.Text;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>One message the fake transport was asked to send, stamped with virtual time.</summary>
internal sealed record SentMessage(TimeSpan At, string What, OutboundMessage Outbound, bool IsResend);

/// <summary>
/// Stands in for the socket transport below the transaction layer: records every send with the virtual time, so
/// retransmission schedules can be read off exactly.
/// </summary>
internal sealed class FakeTransport(ManualTimeProvider time) : ISipTransport
{
    private readonly Lock _lock = new();
    private readonly List<SentMessage> _sent = [];

    public static readonly SipFlow UdpFlow = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 5070));

    public static readonly SipFlow TcpFlow = new(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 40000));

    /// <summary>The flow requests go out on.</summary>
    public SipFlow RequestFlow { get; set; } = UdpFlow;

    public bool FailSends { get; set; }

    public string? LastBranch { get; private set; }

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_lock)
            {
                return [.. _sent];
            }
        }
    }

    public IReadOnlyList<double> SendTimesSeconds => Sent.Select(s => s.At.TotalSeconds).ToList();

    public ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipFlow? preferredFlow, string branch, CancellationToken cancellationToken)
    {
        LastBranch = branch;
        return Record($"{request.Method} {branch}", preferredFlow ?? RequestFlow);
    }

    public ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow) =>
        Record(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), requestFlow);

    public ValueTask<bool> ResendAsync(OutboundMessage message)
    {
        if (FailSends)
        {
            return ValueTask.FromResult(false);
        }

        lock (_lock)
        {
            _sent.Add(new SentMessage(time.Elapsed, Encoding.UTF8.GetString(message.Bytes.Span), message, IsResend: true));
        }

        return ValueTask.FromResult(true);
    }

    private ValueTask<OutboundMessage?> Record(string what, SipFlow flow)
    {
        if (FailSends)
        {
            return ValueTask.FromResult<OutboundMessage?>(null);
        }

        var outbound = new OutboundMessage(flow, Encoding.UTF8.GetBytes(what));
        lock (_lock)
        {
            _sent.Add(new SentMessage(time.Elapsed, what, outbound, IsResend: false));
        }

        return ValueTask.FromResult<OutboundMessage?>(outbound);
    }
}
