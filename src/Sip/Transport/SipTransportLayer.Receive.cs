using System.Text;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Transport;

internal sealed partial class SipTransportLayer
{
    /// <summary>
    /// One whole message (a datagram, or a frame off a stream): parse, stamp, pass up. The one catch site for message
    /// handling: a malformed request is answered or dropped here and logged once at Debug; an exception is our fault
    /// and logged at Error. Nothing escapes to the loop. True when nothing kept the message, so the caller may reuse
    /// <paramref name="data"/> (<see cref="SipMessage.BytesReleased"/>); false leaves it to whoever kept it.
    /// </summary>
    internal bool Deliver(ReadOnlyMemory<byte> data, SipFlow flow)
    {
        try
        {
            TraceMessage(received: true, flow, data.Span);
            var result = SipMessageParser.Parse(data, _settings.Limits, isDatagram: flow.Protocol == TransportProtocol.Udp, reuseMessages: true);
            if (result.Failure is { } failure)
            {
                Metrics.ParseFailed(failure.Reason);
                RejectMalformed(result.Message, failure, flow);
                return false;
            }

            switch (result.Message)
            {
                case SipRequest request:
                    // Its top Via is stamped with the source as the response is written (ViaStamp).
                    Sink.OnRequest(request, flow);
                    return Released(request);
                case SipResponse response:
                    Sink.OnResponse(response, flow);
                    return Released(response);
            }
        }
        catch (Exception ex)
        {
            TransportLog.ReceiveFault(_logger, ex, flow.Protocol, flow.RemoteEndPoint);
        }

        return false;
    }

    /// <summary>A message nothing kept is parsed into again (its object, headers and their array) as its bytes are reused.</summary>
    private static bool Released(SipMessage message)
    {
        if (!message.BytesReleased)
        {
            return false;
        }

        ReceivedMessages.Release(message);
        return true;
    }

    /// <summary>
    /// The stream could not be framed. If the bytes still give a request with a Via, answer it (400/513 naming the
    /// fault) on the connection before it closes (RFC 3261 §18.3: a framing error on a stream is fatal to it), unless
    /// the peer's host is past <see cref="SipLimits.MalformedResponseBurst"/>.
    /// </summary>
    internal async ValueTask RejectStreamAsync(byte[] data, SipFailure failure, SipTcpConnection connection)
    {
        var remote = connection.Flow.RemoteEndPoint;
        Metrics.ParseFailed(failure.Reason);
        if (SipMessageParser.Parse(data, _settings.Limits, isDatagram: false).Message is SipRequest request && CanAnswer(request))
        {
            if (!_malformed.TryAcquire(remote.Address))
            {
                TransportLog.MalformedRequestUnanswered(_logger, connection.Flow.Protocol, remote, failure.Reason, failure.Detail);
                return;
            }

            Metrics.Answered(request.Method, failure.StatusCode);
            var bytes = SipMessageWriter.ToArray(CreateRejection(request, failure, connection.Flow));
            if (await connection.SendAsync(bytes).ConfigureAwait(false))
            {
                TraceMessage(received: false, connection.Flow, bytes);
            }

            TransportLog.InvalidStreamAnswered(_logger, remote, failure.Reason, failure.Detail, failure.StatusCode);
            return;
        }

        TransportLog.InvalidStreamClosed(_logger, remote, failure.Reason, failure.Detail);
    }

    private void RejectMalformed(SipMessage? partial, SipFailure failure, SipFlow flow)
    {
        // Responses and ACKs are never answered (RFC 3261 §17.1.1.3, §17.2.1); a request without a readable Via
        // has no way back. The rest are answered while the sender's host has error responses left: past that, a
        // flood of garbage gets silence rather than making us send.
        if (partial is SipRequest request && CanAnswer(request))
        {
            if (!_malformed.TryAcquire(flow.RemoteEndPoint.Address))
            {
                TransportLog.MalformedRequestUnanswered(_logger, flow.Protocol, flow.RemoteEndPoint, failure.Reason, failure.Detail);
                return;
            }

            TransportLog.MalformedRequestAnswered(_logger, flow.Protocol, flow.RemoteEndPoint, failure.Reason, failure.Detail, failure.StatusCode);
            Metrics.Answered(request.Method, failure.StatusCode);
            Forget(SendResponseAsync(CreateRejection(request, failure, flow), flow));
            return;
        }

        TransportLog.MalformedMessageDropped(_logger, flow.Protocol, flow.RemoteEndPoint, failure.Reason, failure.Detail);
    }

    private static bool CanAnswer(SipRequest request) =>
        request.TopVia is not null && !string.Equals(request.Method, SipMethods.Ack, StringComparison.Ordinal);

    private SipResponse CreateRejection(SipRequest request, SipFailure failure, SipFlow flow)
    {
        ViaStamper.Stamp(request, flow.RemoteEndPoint);
        var response = SipResponseFactory.Create(request, failure.StatusCode, failure.ReasonPhrase);
        _settings.ResponseStamp.Apply(response);
        return response;
    }

    private void TraceSent(OutboundMessage message)
    {
        if (_settings.MessageTrace && _trace.IsEnabled(LogLevel.Debug))
        {
            TraceMessage(received: false, message.Flow, message.Body.IsEmpty ? message.Head.Span : [.. message.Head.Span, .. message.Body.Span]);
        }
    }

    private void TraceMessage(bool received, SipFlow flow, ReadOnlySpan<byte> bytes)
    {
        if (!_settings.MessageTrace || !_trace.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var text = Encoding.UTF8.GetString(bytes);
        if (received)
        {
            TransportLog.MessageReceived(_trace, bytes.Length, flow.Protocol, flow.RemoteEndPoint, text);
        }
        else
        {
            TransportLog.MessageSent(_trace, bytes.Length, flow.Protocol, flow.RemoteEndPoint, text);
        }
    }

    private void Forget(ValueTask<OutboundMessage?> send)
    {
        if (send.IsCompletedSuccessfully)
        {
            _ = send.Result;
            return;
        }

        _ = send.AsTask().ContinueWith(
            static (t, state) => TransportLog.SendFault((ILogger)state!, t.Exception!),
            _logger,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }
}
