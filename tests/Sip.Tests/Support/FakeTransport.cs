using System.Net;
using System.Text;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>One message the fake transport was asked to send, stamped with virtual time.</summary>
internal sealed record SentMessage(TimeSpan At, string What, OutboundMessage Outbound, bool IsResend);

/// <summary>
/// Stands in for the socket transport below the transaction layer: records every send with the virtual time, so
/// retransmission schedules can be read off exactly. Requests go to <see cref="Targets"/>, in order.
/// </summary>
internal sealed class FakeTransport(ManualTimeProvider time) : ISipTransport
{
    private readonly Lock _lock = new();
    private readonly List<SentMessage> _sent = [];
    private readonly List<string> _branches = [];

    public static readonly SipFlow UdpFlow = new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 5070));

    public static readonly SipFlow TcpFlow = new(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, 5060), new IPEndPoint(IPAddress.Loopback, 40000));

    public static SipTarget UdpTarget(int port = 5070) => new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Loopback, port));

    public static SipTarget TcpTarget(int port = 40000) => new(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Loopback, port));

    /// <summary>What <see cref="LocateAsync"/> finds for every request.</summary>
    public IReadOnlyList<SipTarget> Targets { get; set; } = [UdpTarget()];

    public bool FailSends { get; set; }

    /// <summary>Targets whose sends fail, as a refused connection would.</summary>
    public HashSet<SipTarget> Unreachable { get; } = [];

    /// <summary>The timeout given with each request sent to a target.</summary>
    public List<TimeSpan> SendTimeouts { get; } = [];

    public string? LastBranch
    {
        get
        {
            lock (_lock)
            {
                return _branches.Count > 0 ? _branches[^1] : null;
            }
        }
    }

    /// <summary>The branch of every request send, in order, failed ones included.</summary>
    public IReadOnlyList<string> Branches
    {
        get
        {
            lock (_lock)
            {
                return [.. _branches];
            }
        }
    }

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

    public ValueTask<OutboundMessage?> SendOnFlowAsync(SipRequest request, SipFlow flow, string branch)
    {
        AddBranch(branch);
        return Record($"{request.Method} {branch}", flow);
    }

    public ValueTask<NextHopTargets> LocateAsync(SipRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new NextHopTargets(request.RequestUri, Targets));

    public ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipUri nextHop, SipTarget target, string branch, TimeSpan timeout, bool mayUseTcp, CancellationToken cancellationToken)
    {
        AddBranch(branch);
        lock (_lock)
        {
            SendTimeouts.Add(timeout);
        }

        if (Unreachable.Contains(target))
        {
            return ValueTask.FromResult<OutboundMessage?>(null);
        }

        var local = target.Protocol == TransportProtocol.Udp ? UdpFlow.LocalEndPoint : TcpFlow.LocalEndPoint;
        return Record($"{request.Method} {branch}", new SipFlow(target.Protocol, local, target.EndPoint));
    }

    public ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow) =>
        Record(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), requestFlow);

    public ValueTask<OutboundMessage?> SendResponseAsync(WrittenResponse response, SipFlow requestFlow) =>
        Record(response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), requestFlow);

    /// <summary>Addresses the layer reported as having answered one of our requests.</summary>
    public List<System.Net.IPAddress> Answered { get; } = [];

    public void AddressAnswered(System.Net.IPAddress address) => Answered.Add(address);

    public ValueTask<bool> ResendAsync(OutboundMessage message)
    {
        if (FailSends)
        {
            return ValueTask.FromResult(false);
        }

        lock (_lock)
        {
            _sent.Add(new SentMessage(time.Elapsed, Encoding.UTF8.GetString([.. message.Head.Span, .. message.Body.Span]), message, IsResend: true));
        }

        return ValueTask.FromResult(true);
    }

    private void AddBranch(string branch)
    {
        lock (_lock)
        {
            _branches.Add(branch);
        }
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
