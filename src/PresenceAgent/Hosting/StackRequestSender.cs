using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Hosting;

/// <summary>
/// The notifier's view of the SIP stack.
/// </summary>
internal sealed class StackRequestSender(SipStack stack) : IRequestSender
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(TransportProtocol, System.Net.IPEndPoint?), string> _contacts = new();

    public void Send(DialogRequest request, SipFlow? preferredFlow, IRequestCompletion completion) =>
        stack.SendDialogRequest(request, preferredFlow, completion);

    public bool FitsUdpBudget(SipFlow flow, DialogRequest request) =>
        stack.FitsUdpBudget(flow.RemoteEndPoint.Address, request);

    /// <summary>Our Contact per listener, built once: every 200 and NOTIFY carries it.</summary>
    public string ContactFor(SipFlow? flow) =>
        _contacts.GetOrAdd((flow?.Protocol ?? TransportProtocol.Udp, flow?.LocalEndPoint),
            static (key, sip) => $"<{sip.GetContactUri(key.Item1, key.Item2)}>", stack);
}
