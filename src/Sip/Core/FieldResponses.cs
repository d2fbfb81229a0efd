using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// Answers a request with a response made of its own fields and a few added ones: written straight from the request's
/// bytes (<see cref="ResponseWriter"/>), or, for a request whose top Via does not scan, built as a
/// <see cref="SipResponse"/> the general way. Both give the same bytes.
/// </summary>
internal static class FieldResponses
{
    public static ValueTask SendAsync(ServerTransaction transaction, SipRequest request, ResponseStamp stamp, int statusCode, string? reasonPhrase,
        string? toTag, in ResponseFields added)
    {
        var reason = reasonPhrase ?? StatusCodes.DefaultReason(statusCode);
        if (ResponseWriter.TryWrite(request, transaction.Flow.RemoteEndPoint, statusCode, reason, toTag, added, stamp, out var written))
        {
            return transaction.SendResponseAsync(written);
        }

        var response = SipResponseFactory.Create(request, statusCode, reason, toTag);
        stamp.Apply(response);
        for (var i = 0; i < added.Count; i++)
        {
            var field = added[i];
            if (field.Name is { } name)
            {
                response.Headers.Add(name, field.ValueText);
            }
            else
            {
                response.Headers.Add(field.Kind, field.ValueText);
            }
        }

        return transaction.SendResponseAsync(response);
    }
}
