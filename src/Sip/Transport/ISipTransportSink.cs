using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Receives well-formed messages from the transport. Called on the receive loop: implementations return quickly
/// and do not throw (the loop catches anyway and logs it as our fault).
/// </summary>
internal interface ISipTransportSink
{
    /// <summary>A request, its top Via already stamped with received/rport (RFC 3261 §18.2.1, RFC 3581 §4).</summary>
    void OnRequest(SipRequest request, SipFlow flow);

    void OnResponse(SipResponse response, SipFlow flow);
}
