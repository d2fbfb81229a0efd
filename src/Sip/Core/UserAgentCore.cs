using System.Globalization;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// The UAS core (RFC 3261 §8.2) in front of the host's handler. Checks run in the order of §8.2 and reference
/// §1.1, after the transport (parse failures) and the transaction layer (responses, ACKs, retransmissions). What
/// rejects a request outright needs no transaction and gets none (<c>.Stateless.cs</c>): the overload and rate limit 503s, scheme
/// 416, domain 404, CANCEL 200/481, method 405 (INVITE included), Require 420. Then, in a server transaction: merged
/// 482, OPTIONS 200, the handler.
/// </summary>
internal sealed partial class UserAgentCore : ITransactionUser
{
    private readonly RequestHandlers _handlers;
    private readonly TransactionLayer _transactions;
    private readonly ServedHosts _served;
    private readonly PeerTrust _trust;
    private readonly SourceRateLimiter _rateLimiter;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly ResponseStamp _stamp;
    private readonly PeerLogSampler _rateLimitLog;
    private readonly Transport.UdpOverflow _overflow;
    // The Retry-After of the overload 503; null when shedding is off.
    private readonly string? _overloadRetryAfter;

    public UserAgentCore(RequestHandlers handlers, TransactionLayer transactions, ServedHosts served, PeerTrust trust, SourceRateLimiter rateLimiter,
        PeerLogSampler rateLimitLog, ResponseStamp stamp, Transport.UdpOverflow overflow, SipLimits limits, ILogger<UserAgentCore> logger,
        CancellationToken stopping)
    {
        _overflow = overflow;
        _overloadRetryAfter = limits.OverloadRetryAfterSeconds > 0 ? limits.OverloadRetryAfterSeconds.ToString(CultureInfo.InvariantCulture) : null;
        _rateLimitLog = rateLimitLog;
        _handlers = handlers;
        _transactions = transactions;
        _served = served;
        _trust = trust;
        _rateLimiter = rateLimiter;
        _stamp = stamp;
        _logger = logger;
        _stopping = stopping;
    }

    public void OnRequest(ServerTransaction transaction)
    {
        try
        {
            Process(transaction);
        }
        catch (Exception ex)
        {
            CoreLog.CoreFault(_logger, ex, transaction.Method, transaction.Flow.RemoteEndPoint);
            TryAnswerServerError(transaction);
        }
    }

    private void Process(ServerTransaction transaction)
    {
        var request = transaction.Request;

        // §8.2.2.2: merged or looped copy of a request already being handled.
        if (transaction.IsMerged)
        {
            Reject(transaction, 482, "merged request");
            return;
        }

        if (request.Method == SipMethods.Options)
        {
            AnswerOptions(transaction);
            return;
        }

        InvokeHandler(transaction);
    }

    /// <summary>
    /// §11.2: what we would say to an INVITE — methods, bodies, extensions, event packages — written from the request's
    /// bytes: Front Ends and proxies send OPTIONS as keep-alives.
    /// </summary>
    private void AnswerOptions(ServerTransaction transaction)
    {
        var fields = default(ResponseFields);
        fields.Add(HeaderKind.Allow, _handlers.Allow);
        if (_handlers.Accept.Length > 0)
        {
            fields.Add(HeaderKind.Accept, _handlers.Accept);
        }

        // With no option tags, an empty Supported says so explicitly (RFC 3261 §20.37 allows it).
        fields.Add(HeaderKind.Supported, _handlers.Supported);
        if (_handlers.AllowEvents.Length > 0)
        {
            fields.Add(HeaderKind.AllowEvents, _handlers.AllowEvents);
        }

        Send(transaction, FieldResponses.SendAsync(transaction, transaction.Request, _stamp, 200, null, null, fields));
    }

    private string? UnsupportedRequired(SipRequest request)
    {
        if (!request.Headers.Contains(HeaderKind.Require))
        {
            return null;
        }

        List<string>? tags = null;
        foreach (var tag in request.Headers.GetValues(HeaderKind.Require))
        {
            if (_handlers.SupportsOptionTag(tag))
            {
                continue;
            }

            tags ??= [];
            if (SipGrammar.IsToken(tag) && !tags.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                tags.Add(tag);
            }
        }

        return tags is { Count: > 0 } ? string.Join(", ", tags) : null;
    }

    private void Reject(ServerTransaction transaction, int statusCode, string why)
    {
        CoreLog.RequestRejected(_logger, transaction.Method, transaction.Flow.RemoteEndPoint, statusCode, why);
        Send(transaction, CreateResponse(transaction.Request, statusCode));
    }

    private SipResponse CreateResponse(SipRequest request, int statusCode, string? toTag = null)
    {
        var response = SipResponseFactory.Create(request, statusCode, toTag: toTag);
        _stamp.Apply(response);
        return response;
    }
}
