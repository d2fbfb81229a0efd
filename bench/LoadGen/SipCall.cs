using System.Diagnostics;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace PresenceAgent.LoadGen;

/// <summary>
/// One call of sipp/subscribe_unsubscribe.xml, on a connection of its own or on one of a pool's: connect (and handshake), SUBSCRIBE
/// (Expires 600) and its 2xx, the NOTIFY (active or pending) and our 200, SUBSCRIBE with Expires 0 in the dialog and
/// its 2xx, the terminating NOTIFY and our 200; then this side closes a connection of its own, as SIPp does at a
/// call's end.
/// </summary>
internal sealed class SipCall(LoadOptions options, SslClientAuthenticationOptions? tls, ConnectionPool? pool, string runId)
{
    private readonly string _transport = tls is null ? "TCP" : "TLS";

    public async Task<CallTimes> RunAsync(long n, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var callId = $"{n}-{runId}@loadgen";
        if (pool is not null)
        {
            using var share = pool.Next().Join(callId);
            return await CallAsync(share, n, callId, start, setup: double.NaN, cancellationToken);
        }

        var (socket, stream) = await Connection.OpenAsync(options, tls, cancellationToken);
        await using (stream)
        {
            var setup = Ms(start);
            return options.ConnectOnly
                ? new CallTimes(setup, double.NaN, double.NaN, setup)
                : await CallAsync(new StreamLink(stream, (System.Net.IPEndPoint)socket.LocalEndPoint!), n, callId, start, setup, cancellationToken);
        }
    }

    private async Task<CallTimes> CallAsync(ICallLink link, long n, string callId, long start, double setup, CancellationToken cancellationToken)
    {
        try
        {
            var sentBy = $"{link.Local.Address}:{link.Local.Port}";
            var sent = Stopwatch.GetTimestamp();
            await link.WriteAsync(Subscribe(n, callId, sentBy, $"sip:{options.User}@{options.Domain}", toTag: null, cseq: 1, expires: 600), cancellationToken);
            var (answer, answered) = await ExchangeAsync(link, cseq: 1, until: "active|pending", cancellationToken);
            var subscribe = Ms(sent, answered);
            var toTag = answer.ToTag() ?? throw new CallFailure("protocol", "2xx without a To tag");
            var target = answer.ContactUri() ?? $"sip:{options.User}@{options.Domain}";

            sent = Stopwatch.GetTimestamp();
            await link.WriteAsync(Subscribe(n, callId, sentBy, target, toTag, cseq: 2, expires: 0), cancellationToken);
            (_, answered) = await ExchangeAsync(link, cseq: 2, until: "terminated", cancellationToken);
            return new CallTimes(setup, subscribe, Ms(sent, answered), Ms(start));
        }
        catch (Exception ex) when (ex is IOException or SocketException or EndOfStreamException or InvalidDataException)
        {
            throw new CallFailure(ex is EndOfStreamException ? "closed" : "io", ex.Message);
        }
    }

    /// <summary>
    /// Reads until the 2xx to our request <paramref name="cseq"/> and a NOTIFY whose Subscription-State holds one of
    /// <paramref name="until"/> have both come, answering every NOTIFY 200 on the way; the 2xx and when it was read.
    /// </summary>
    private static async Task<(SipText Answer, long At)> ExchangeAsync(ICallLink link, int cseq, string until, CancellationToken cancellationToken)
    {
        (SipText, long)? answer = null;
        var notified = false;
        var states = until.Split('|');
        while (answer is null || !notified)
        {
            var message = await link.ReadAsync(cancellationToken);
            if (message.IsResponse)
            {
                if (message.Status is < 200)
                {
                    continue;
                }

                if (message.Status is >= 300)
                {
                    throw new CallFailure($"status {message.Status}", message.StartLine);
                }

                if (message.Header("CSeq") == $"{cseq} SUBSCRIBE")
                {
                    answer = (message, Stopwatch.GetTimestamp());
                }
            }
            else if (message.Method == "NOTIFY")
            {
                await link.WriteAsync(Ok(message), cancellationToken);
                var state = message.Header("Subscription-State") ?? "";
                if (states.Any(s => state.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
                {
                    notified = true;
                }
            }
            else
            {
                throw new CallFailure("protocol", $"unexpected {message.StartLine}");
            }
        }

        return answer.Value;
    }

    private string Subscribe(long n, string callId, string sentBy, string requestUri, string? toTag, int cseq, long expires) =>
        $"SUBSCRIBE {requestUri} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{_transport} {sentBy};branch=z9hG4bK-lg{n}-{cseq}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:w{n}@{options.WatcherDomain}>;tag={n}lg\r\n" +
        $"To: <sip:{options.User}@{options.Domain}>{(toTag is null ? "" : ";tag=" + toTag)}\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} SUBSCRIBE\r\n" +
        $"Contact: <sip:w{n}@{sentBy};transport={_transport.ToLowerInvariant()}>\r\n" +
        "Event: presence\r\n" +
        "Accept: application/pidf+xml\r\n" +
        $"Expires: {expires}\r\n" +
        "User-Agent: presence-loadgen\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static string Ok(SipText request)
    {
        var b = new StringBuilder("SIP/2.0 200 OK\r\n");
        foreach (var via in request.Headers("Via"))
        {
            b.Append("Via: ").Append(via).Append("\r\n");
        }

        foreach (var name in (string[])["From", "To", "Call-ID", "CSeq"])
        {
            b.Append(name).Append(": ").Append(request.Header(name)).Append("\r\n");
        }

        return b.Append("Content-Length: 0\r\n\r\n").ToString();
    }

    private static double Ms(long from) => Stopwatch.GetElapsedTime(from).TotalMilliseconds;

    private static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
