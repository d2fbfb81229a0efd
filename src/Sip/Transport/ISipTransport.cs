using System.Net;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>What the transaction layer needs from the transport (RFC 3261 §18); tests drive transactions through a fake.</summary>
internal interface ISipTransport
{
    /// <summary>
    /// Sends a request on the open TCP or TLS connection of <paramref name="flow"/> (one the peer opened, say for its
    /// SUBSCRIBE), with our top Via carrying <paramref name="branch"/>. Null when the flow is not a connection that is
    /// still open, or the write failed.
    /// </summary>
    ValueTask<OutboundMessage?> SendOnFlowAsync(SipRequest request, SipFlow flow, string branch);

    /// <summary>
    /// The next hop of a request (RFC 3261 §8.1.2; a strict-router route set is rewritten in place) and the targets to
    /// try for it, in order (RFC 3263 §4). No targets, with the reason logged, when the Route is unreadable, the
    /// transport unsupported, or the host has no address we can send to.
    /// </summary>
    ValueTask<NextHopTargets> LocateAsync(SipRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a request once to <paramref name="target"/> of <paramref name="nextHop"/>, with our top Via carrying
    /// <paramref name="branch"/>. A connection that has to be made first gets at most <paramref name="timeout"/>. A UDP
    /// request too big for UDP or its budget goes over TCP instead only when <paramref name="mayUseTcp"/>: not for the
    /// source of an untrusted peer, which a forged UDP packet names (any host and port). Null when no flow could be had
    /// (refused, unreachable, no listener for the address family).
    /// </summary>
    ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipUri nextHop, SipTarget target, string branch, TimeSpan timeout, bool mayUseTcp, CancellationToken cancellationToken);

    /// <summary>Routes a response per RFC 3261 §18.2.2 / RFC 3581, serializes and sends it. Null on a transport error.</summary>
    ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow);

    /// <summary>Sends a response written from its request's bytes, where its top Via said. Null on a transport error.</summary>
    ValueTask<OutboundMessage?> SendResponseAsync(WrittenResponse response, SipFlow requestFlow);

    /// <summary>Sends bytes again on the flow they went on first (retransmissions). False on a transport error.</summary>
    ValueTask<bool> ResendAsync(OutboundMessage message);

    /// <summary>
    /// <paramref name="address"/> answered one of our requests (its response carried our branch, which a forger cannot
    /// see): the UDP anti-amplification budget no longer limits what we send it.
    /// </summary>
    void AddressAnswered(IPAddress address);

    /// <summary>The next hop of a Request-URI without a Route when it is known without a lookup (a literal host located before).</summary>
    bool TryLocateKnown(ReadOnlySpan<byte> requestUri, out NextHopTargets hop);

    /// <summary>
    /// Whether <paramref name="request"/> may go to <paramref name="target"/> over UDP: small enough, and within its
    /// budget, which it is then counted against (one look at the budget per request, not one here and one to send).
    /// </summary>
    bool TryReserveUdp(DialogRequest request, SipTarget target);

    /// <summary>
    /// Sends a request within a dialog once over UDP to <paramref name="target"/>, with our top Via carrying
    /// <paramref name="branch"/>, its bytes counted by <see cref="TryReserveUdp"/> before. Its head is in an array from
    /// <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which the caller returns once the message is no longer resent.
    /// Null when nothing went out.
    /// </summary>
    OutboundMessage? SendUdp(DialogRequest request, SipTarget target, Transactions.ClientBranch branch);
}
