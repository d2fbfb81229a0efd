using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Parsing;

/// <summary>
/// The message objects of received messages that nothing kept (<see cref="SipMessage.BytesReleased"/>), one request and
/// one response per thread, parsed into again in place of new ones: a receive thread handles a message to its end
/// before reading the next, so under the same contract that lets it reuse the bytes it reuses their objects (a
/// message's request or response, its headers and their array). A message parsed while the thread's one is in use
/// (a delivery inside a delivery) is simply new.
/// </summary>
internal static class ReceivedMessages
{
    [ThreadStatic]
    private static SipRequest? t_request;

    [ThreadStatic]
    private static SipResponse? t_response;

    public static SipRequest Request(string method, ReadOnlyMemory<byte> requestUri, ref ParsedFields fields)
    {
        var request = t_request;
        if (request is null)
        {
            return new SipRequest(method, requestUri, fields.ToHeaders());
        }

        t_request = null;
        request.StartReceived(method, requestUri);
        fields.CopyTo(request.Headers);
        return request;
    }

    public static SipResponse Response(int statusCode, string reasonPhrase, ref ParsedFields fields)
    {
        var response = t_response;
        if (response is null)
        {
            return new SipResponse(statusCode, reasonPhrase, fields.ToHeaders());
        }

        t_response = null;
        response.StartReceived(statusCode, reasonPhrase);
        fields.CopyTo(response.Headers);
        return response;
    }

    /// <summary>
    /// Takes back a message nothing kept, emptied (<see cref="SipMessage.Recycle"/>), for the thread's next one; when the
    /// thread already holds one of its kind only the header array goes back, to the pool.
    /// </summary>
    public static void Release(SipMessage message)
    {
        switch (message)
        {
            case SipRequest request when t_request is null:
                request.Recycle();
                t_request = request;
                return;
            case SipResponse response when t_response is null:
                response.Recycle();
                t_response = response;
                return;
            default:
                message.Headers.ReturnRented();
                return;
        }
    }
}
