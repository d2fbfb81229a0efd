using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>Feeds messages to the layer as the transport would, on the fake UDP flow unless told otherwise.</summary>
internal static class TransactionLayerExtensions
{
    public static void OnRequestOrResponse(this TransactionLayer layer, SipMessage message, SipFlow? flow = null)
    {
        var f = flow ?? FakeTransport.UdpFlow;
        if (message is SipRequest request)
        {
            layer.OnRequest(request, f);
        }
        else
        {
            layer.OnResponse((SipResponse)message, f);
        }
    }
}
