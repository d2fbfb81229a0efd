using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Subscriptions;

/// <summary>The part of the SIP stack the notifier uses; a seam so subscription logic runs in virtual time in tests.</summary>
internal interface IRequestSender
{
    /// <summary>
    /// Runs a request to its end and tells <paramref name="completion"/>; the stack's stop ends it too (with a transport
    /// error), so nothing waits past that and no cancellation token is needed.
    /// </summary>
    void Send(DialogRequest request, SipFlow? preferredFlow, IRequestCompletion completion);

    /// <summary>
    /// Whether <paramref name="request"/> could go over UDP to the peer of <paramref name="flow"/> now without passing
    /// its anti-amplification budget (Sip:Limits:AmplificationFactor); spends nothing.
    /// </summary>
    bool FitsUdpBudget(SipFlow flow, DialogRequest request);

    /// <summary>Our Contact for requests and responses on this flow (RFC 3261 §8.1.1.8).</summary>
    string ContactFor(SipFlow? flow);
}
