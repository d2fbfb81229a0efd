using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Hosting;

/// <summary>
/// The notifier's view of the SIP stack. The stack needs the SUBSCRIBE handler and the handler needs a sender, so
/// the stack is attached once it exists.
/// </summary>
internal sealed class StackRequestSender : IRequestSender
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(TransportProtocol, System.Net.IPEndPoint?), string> _contacts = new();
    private SipStack? _stack;

    public void Attach(SipStack stack) => _stack = stack;

    private SipStack Stack => _stack ?? throw new InvalidOperationException("The SIP stack is not attached yet.");

    public Task<ClientTransactionResult> SendAsync(SipRequest request, SipFlow? preferredFlow, CancellationToken cancellationToken) =>
        Stack.SendRequestAsync(request, preferredFlow, cancellationToken);

    public bool FitsUdpBudget(SipFlow flow, SipRequest request) =>
        Stack.FitsUdpBudget(flow.RemoteEndPoint.Address, request);

    /// <summary>Our Contact per listener, built once: every 200 and NOTIFY carries it.</summary>
    public string ContactFor(SipFlow? flow) =>
        _contacts.GetOrAdd((flow?.Protocol ?? TransportProtocol.Udp, flow?.LocalEndPoint),
            static (key, stack) => $"<{stack.GetContactUri(key.Item1, key.Item2)}>", Stack);
}
