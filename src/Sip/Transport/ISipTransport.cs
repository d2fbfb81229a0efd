using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>What the transaction layer needs from the transport (RFC 3261 §18); tests drive transactions through a fake.</summary>
internal interface ISipTransport
{
    /// <summary>
    /// Picks the next hop of a request (RFC 3261 §8.1.2, §18.1.1), adds our top Via with <paramref name="branch"/>,
    /// serializes and sends it once. Null when no flow could be had (unresolvable, unreachable, unsupported transport).
    /// </summary>
    ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipFlow? preferredFlow, string branch, CancellationToken cancellationToken);

    /// <summary>Routes a response per RFC 3261 §18.2.2 / RFC 3581, serializes and sends it. Null on a transport error.</summary>
    ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow);

    /// <summary>Sends bytes again on the flow they went on first (retransmissions). False on a transport error.</summary>
    ValueTask<bool> ResendAsync(OutboundMessage message);
}
