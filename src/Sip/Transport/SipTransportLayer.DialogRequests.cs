using System.Buffers;
using System.Net;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Requests within a dialog sent over UDP as the dialog pre-wrote them: the head is written once into a buffer from
/// the shared pool, which the client transaction keeps for retransmission and gives back when it ends, and the body
/// goes from where it is. Everything else (connections, lookups, the move to TCP of a request too big for UDP) is the
/// general path's, which the transaction layer takes with the request as a message.
/// </summary>
internal sealed partial class SipTransportLayer
{
    /// <summary>Our Via line at its longest but for its host: <c>Via: SIP/2.0/UDP </c>, <c>:65535;branch=</c>, a branch, <c>;rport</c> and CRLF.</summary>
    private const int MaxViaBytesButHost = 17 + 14 + ClientBranch.Length + 8;

    public bool TryLocateKnown(ReadOnlySpan<byte> requestUri, out NextHopTargets hop) => _lastLiteralHop.TryGet(requestUri, out hop);

    public bool TryReserveUdp(DialogRequest request, SipTarget target) =>
        FindUdpListener(target.EndPoint.AddressFamily, null) is { } udp && UdpLength(request, udp) is var length &&
        length <= MaxUdpRequestBytes && _amplification.TryReserve(target.EndPoint.Address, length);

    /// <summary>
    /// Whether <paramref name="request"/> could go over UDP to <paramref name="address"/> now, counting nothing; the Via
    /// is counted at its longest, so a yes is never wrong.
    /// </summary>
    public bool FitsUdpBudget(IPAddress address, DialogRequest request) =>
        _amplification.HasAnswered(address) ||
        _amplification.Allows(address, request.HeadLengthWithoutVia() + request.Body.Length + MaxViaBytesButHost + (_settings.ViaHost?.Length ?? MaxAddressHostLength));

    public OutboundMessage? SendUdp(DialogRequest request, SipTarget target, ClientBranch branch)
    {
        if (FindUdpListener(target.EndPoint.AddressFamily, null) is not { } udp)
        {
            return null;
        }

        var host = _settings.ViaHost ?? udp.Host;
        Span<byte> branchBytes = stackalloc byte[ClientBranch.Length];
        branch.Write(branchBytes);
        var head = ArrayPool<byte>.Shared.Rent(UdpLength(request, udp) - request.Body.Length);
        var length = request.WriteHead(head, TransportProtocol.Udp.ViaToken(), host, udp.LocalEndPoint.Port, branchBytes);
        var message = new OutboundMessage(new SipFlow(TransportProtocol.Udp, udp.LocalEndPoint, target.EndPoint), head.AsMemory(0, length), request.Body);
        if (!udp.Send(message.Head.Span, request.Body.Span, target.EndPoint))
        {
            ArrayPool<byte>.Shared.Return(head);
            return null;
        }

        TraceSent(message);
        return message;
    }

    private int UdpLength(DialogRequest request, SipUdpListener udp) =>
        request.HeadLengthWithoutVia() + DialogRequest.ViaLength(TransportProtocol.Udp.ViaToken(), _settings.ViaHost ?? udp.Host, udp.LocalEndPoint.Port, ClientBranch.Length) +
        request.Body.Length;
}
