using System.Net;
using System.Text;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
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

    public bool TryLocateKnown(ReadOnlySpan<byte> requestUri, out NextHopTargets hop)
    {
        hop = SipUri.TryParse(requestUri, out var uri) ? new NextHopTargets(uri, Targets) : default;
        return uri is not null;
    }

    /// <summary>Whether a request within a dialog goes the pre-written way; when false, it goes as a message.</summary>
    public bool PrewrittenUdp { get; set; } = true;

    public bool TryReserveUdp(DialogRequest request, SipTarget target) => PrewrittenUdp;

    /// <summary>Writes the head as the real transport does, into a pooled array (the transaction returns it); records a copy.</summary>
    public OutboundMessage? SendUdp(DialogRequest request, SipTarget target, ClientBranch branch)
    {
        AddBranch(branch.ToString());
        if (FailSends || Unreachable.Contains(target))
        {
            return null;
        }

        var head = System.Buffers.ArrayPool<byte>.Shared.Rent(request.HeadLengthWithoutVia() + DialogRequest.ViaLength("UDP", "127.0.0.1", 5060, ClientBranch.Length));
        var length = request.WriteHead(head, "UDP", "127.0.0.1", 5060, Encoding.ASCII.GetBytes(branch.ToString()));
        var flow = new SipFlow(TransportProtocol.Udp, UdpFlow.LocalEndPoint, target.EndPoint);
        var what = Encoding.UTF8.GetString([.. head.AsSpan(0, length), .. request.Body.Span]);
        lock (_lock)
        {
            _sent.Add(new SentMessage(time.Elapsed, what, new OutboundMessage(flow, head.AsSpan(0, length).ToArray(), request.Body), IsResend: false));
        }

        return new OutboundMessage(flow, head.AsMemory(0, length), request.Body);
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
