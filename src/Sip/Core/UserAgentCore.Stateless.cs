using System.Globalization;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

internal sealed partial class UserAgentCore
{
    /// <summary>
    /// A new request, before a transaction is made for it: what is refused outright is answered once without one, as
    /// a stateless UAS does (RFC 3261 §8.2.7), so junk, floods and INVITEs leave no state and no retransmissions
    /// behind (an INVITE's rejection is not resent on Timer G for 32 s; its ACK is ignored). A retransmission of such
    /// a request is judged again and gets the same answer. True when the request was answered or dropped here.
    /// </summary>
    public bool HandledStatelessly(SipRequest request, SipFlow flow)
    {
        try
        {
            return Screen(request, flow);
        }
        catch (Exception ex)
        {
            // Our bug; nothing was sent, so the request goes on to a transaction, whose handling answers 500 if it fails too.
            CoreLog.CoreFault(_logger, ex, request.Method, flow.RemoteEndPoint);
            return false;
        }
    }

    private bool Screen(SipRequest request, SipFlow flow)
    {
        var method = request.Method;

        // New out-of-dialog requests spend a token of their source; in-dialog ones belong to a dialog that was admitted.
        if (!Transactions.TransactionKeys.HasToTag(request) && !Admitted(request, flow))
        {
            return true;
        }

        // §8.2.2.1 and §19.1: only sip/sips URIs are ours to serve. Read from the received bytes when there are some:
        // an in-dialog request needs its Request-URI for nothing else.
        var scanned = SipUri.TryScan(request.RequestUriBytes, out var parts);
        if (!(scanned ? parts.IsSip : request.RequestUri.IsSip))
        {
            Refuse(request, flow, 416, $"Request-URI scheme {SipFailure.Sanitize(request.RequestUri.Scheme)}");
            return true;
        }

        // §8.2.2.1: a Request-URI we do not answer for gets 404; we never relay.
        if (!(scanned ? _served.Contains(parts.Host) : _served.Contains(request.RequestUri.Host)))
        {
            Refuse(request, flow, 404, "Request-URI host is not served here");
            return true;
        }

        // §9.2: a CANCEL matching a transaction gets 200 (it cannot affect a non-INVITE, and we serve no INVITE);
        // otherwise 481.
        if (method == SipMethods.Cancel)
        {
            if (_transactions.MatchesCancelTarget(request, _handlers.Methods))
            {
                _transactions.Metrics.Answered(method, 200);
                _transactions.SendStateless(CreateResponse(request, 200, StatelessTag(request)), flow);
            }
            else
            {
                Refuse(request, flow, 481, "CANCEL matches no transaction");
            }

            return true;
        }

        // §8.2.1: a method we do not serve, INVITE among them, gets 405 with Allow.
        if (method != SipMethods.Options && !_handlers.Handles(method))
        {
            Refuse(request, flow, 405, "method not served", HeaderKind.Allow, _handlers.Allow);
            return true;
        }

        // §8.2.2.3: a Require tag the handler does not implement gets 420 listing it. Proxy-Require is for proxies; a
        // UAS ignores it (reference §6.3: Lync's ms-benotify).
        if (UnsupportedRequired(request) is { } unsupported)
        {
            Refuse(request, flow, 420, "unsupported Require", HeaderKind.Unsupported, unsupported);
            return true;
        }

        return false;
    }

    /// <summary>
    /// While a UDP receive queue overflows (<see cref="SipLimits.OverloadRetryAfter"/>), a new SUBSCRIBE or PUBLISH gets
    /// 503 with Retry-After; other new requests are few and cheap (OPTIONS pings among them) and go on. Then the rate
    /// limit of the request's source (<see cref="SipRateLimitOptions"/>): over it, a SUBSCRIBE or PUBLISH gets 503
    /// with Retry-After, which clients honour; anything else is dropped, since answering a flood only reflects it.
    /// </summary>
    private bool Admitted(SipRequest request, SipFlow flow)
    {
        if (_overloadRetryAfter is { } overloadRetryAfter && _overflow.IsActive && request.Method is SipMethods.Subscribe or SipMethods.Publish)
        {
            RefuseForNow(request, flow, "Service Unavailable (overloaded)", overloadRetryAfter);
            return false;
        }

        var trusted = _trust.IsTrusted(flow);
        if (_rateLimiter.TryAcquire(flow.RemoteEndPoint.Address, trusted, out var retryAfter, out var newlyLimited))
        {
            return true;
        }

        if (newlyLimited is not null && _rateLimitLog.ShouldLog(flow.RemoteEndPoint.Address, out var suppressed))
        {
            CoreLog.RateLimited(_logger, flow.RemoteEndPoint.Address, newlyLimited, request.Method, suppressed);
        }

        if (request.Method is SipMethods.Subscribe or SipMethods.Publish)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
            RefuseForNow(request, flow, reasonPhrase: null, seconds.ToString(CultureInfo.InvariantCulture));
        }

        return false;
    }

    /// <summary>503 with Retry-After, sent statelessly: what a client honours by waiting rather than retransmitting.</summary>
    private void RefuseForNow(SipRequest request, SipFlow flow, string? reasonPhrase, string retryAfterSeconds)
    {
        var response = SipResponseFactory.Create(request, 503, reasonPhrase, StatelessTag(request));
        _stamp.Apply(response);
        response.Headers.Add(HeaderKind.RetryAfter, retryAfterSeconds);
        _transactions.Metrics.Answered(request.Method, 503);
        _transactions.SendStateless(response, flow);
    }

    private void Refuse(SipRequest request, SipFlow flow, int statusCode, string why, HeaderKind extra = HeaderKind.Unknown, string? extraValue = null)
    {
        CoreLog.RequestRejected(_logger, request.Method, flow.RemoteEndPoint, statusCode, why);
        _transactions.Metrics.Answered(request.Method, statusCode);
        var response = CreateResponse(request, statusCode, StatelessTag(request));
        if (extra != HeaderKind.Unknown)
        {
            response.Headers.Add(extra, extraValue!);
        }

        _transactions.SendStateless(response, flow);
    }

    /// <summary>
    /// The To tag of a stateless answer, the same for every copy of a request (RFC 3261 §8.2.7), so the answer to a
    /// retransmission is the answer to the first: a hash of what identifies the request, seeded per process (as
    /// <see cref="HashCode"/> is) so that it cannot be predicted from outside.
    /// </summary>
    private static string StatelessTag(SipRequest request)
    {
        var high = new HashCode();
        var low = new HashCode();
        low.Add(1);
        foreach (var part in (ReadOnlySpan<string?>)[request.TopVia?.Branch, request.CallId, request.FromTag, request.CSeq?.Method])
        {
            high.Add(part);
            low.Add(part);
        }

        var number = request.CSeq?.Number ?? 0;
        high.Add(number);
        low.Add(number);
        return (((ulong)(uint)high.ToHashCode() << 32) | (uint)low.ToHashCode()).ToString("x16", CultureInfo.InvariantCulture);
    }
}
