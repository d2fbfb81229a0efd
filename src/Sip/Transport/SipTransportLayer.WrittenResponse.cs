using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;

namespace PresenceAgent.Sip.Transport;

internal sealed partial class SipTransportLayer
{
    /// <summary>
    /// Sends a response written from its request's bytes: on the request's connection, or over UDP to the target its top
    /// Via gave. The rare rest (the connection is gone, the Via named another host) takes the general path, which reads
    /// the top Via back from the bytes to find the way (RFC 3261 §18.2.2). The message returned is over the rented buffer:
    /// the caller keeps a copy if anything.
    /// </summary>
    public ValueTask<OutboundMessage?> SendResponseAsync(WrittenResponse response, SipFlow requestFlow)
    {
        var bytes = response.Bytes;
        if (requestFlow.Protocol.IsStream())
        {
            return _connections.Find(requestFlow.RemoteEndPoint, requestFlow.Protocol) is { } connection
                ? SendOnConnectionAsync(connection, bytes)
                : SendReadBackAsync(bytes, requestFlow);
        }

        if (response.UdpTarget is not { } target)
        {
            return SendReadBackAsync(bytes, requestFlow);
        }

        if (FindUdpListener(target.AddressFamily, requestFlow.LocalEndPoint) is not { } udp)
        {
            TransportLog.NoRoute(_logger, "response", target.ToString(), "no address or no UDP listener for it");
            return ValueTask.FromResult<OutboundMessage?>(null);
        }

        var flow = new SipFlow(TransportProtocol.Udp, udp.LocalEndPoint, target);
        if (!MaySendUdp(bytes.Length, target) || !udp.Send(bytes.Span, target))
        {
            return ValueTask.FromResult<OutboundMessage?>(null);
        }

        TraceMessage(received: false, flow, bytes.Span);
        return ValueTask.FromResult<OutboundMessage?>(new OutboundMessage(flow, bytes));
    }

    private async ValueTask<OutboundMessage?> SendOnConnectionAsync(SipTcpConnection connection, ReadOnlyMemory<byte> bytes)
    {
        if (!await connection.SendAsync(bytes).ConfigureAwait(false))
        {
            return null;
        }

        TraceMessage(received: false, connection.Flow, bytes.Span);
        return new OutboundMessage(connection.Flow, bytes);
    }

    private ValueTask<OutboundMessage?> SendReadBackAsync(ReadOnlyMemory<byte> bytes, SipFlow requestFlow) =>
        SipMessageParser.Parse(bytes, _settings.Limits, isDatagram: false).Message is SipResponse response
            ? SendResponseAsync(response, requestFlow)
            : ValueTask.FromResult<OutboundMessage?>(null);
}
