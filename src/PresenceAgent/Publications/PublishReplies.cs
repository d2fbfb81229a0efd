using System.Globalization;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Publications;

/// <summary>
/// How a PUBLISH is answered and logged: the 2xx with a new entity-tag, a refusal, a refusal by a bound (named in the
/// reason phrase and, sampled per source, in the log), and the 403 a stranger gets.
/// </summary>
internal sealed class PublishReplies(PublicationOptions options, ILogger logger, PeerLogSampler sampler)
{
    /// <summary>RFC 3903 §11.3.1 and §11.3.2; no stack header kind, so they go by name.</summary>
    public const string SipETag = "SIP-ETag";

    public const string SipIfMatch = "SIP-If-Match";

    /// <summary>Retry-After past a bound: publications end on a scale of their Expires, minutes; a sooner retry meets the same bound.</summary>
    public const int LimitRetryAfterSeconds = 60;

    /// <summary>RFC 3903 §6: every 2xx carries a new entity-tag and the granted interval.</summary>
    public async ValueTask AcceptAsync(IncomingRequest incoming, string entityTag, long granted, string publisher, string result)
    {
        var fields = default(ResponseFields);
        fields.Add(SipETag, entityTag);
        fields.Add(HeaderKind.Expires, granted);
        await incoming.RespondAsync(200, null, null, fields).ConfigureAwait(false);
        Log(incoming, publisher, 200, result);
    }

    public async ValueTask RefuseAsync(IncomingRequest incoming, SipResponse response, string publisher, string result)
    {
        await incoming.RespondAsync(response).ConfigureAwait(false);
        Log(incoming, publisher, response.StatusCode, result);
    }

    /// <summary>
    /// 403 for a peer that is no configured publisher, before anything else of its request is read, with a log line
    /// sampled per source: a stranger can send these as fast as the stack's rate limit lets it.
    /// </summary>
    public ValueTask ForbidAsync(IncomingRequest incoming)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            var source = SourceKey.Of(incoming.Flow.RemoteEndPoint.Address).ToString();
            if (sampler.ShouldLog(PublicationLog.ForbiddenId, source, out var suppressed))
            {
                PublicationLog.Forbidden(logger, source, incoming.Flow.Protocol.ToString(), suppressed);
            }
        }

        return incoming.RespondAsync(incoming.CreateResponse(403, "Forbidden (not a publisher here)"));
    }

    /// <summary>Refuses a PUBLISH over <paramref name="limit"/>: 503 with Retry-After, or 413 for the body's size, which a retry does not change.</summary>
    public async ValueTask RefuseByLimitAsync(IncomingRequest incoming, PublicationLimit limit, SourceKey source, string publisher)
    {
        var status = limit == PublicationLimit.MaxBodyBytes ? 413 : 503;
        var response = incoming.CreateResponse(status, $"{Sip.Messages.StatusCodes.DefaultReason(status)} ({limit.Key()} reached)");
        if (status == 503)
        {
            response.Headers.Add(HeaderKind.RetryAfter, LimitRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
        }

        // Logged before the answer goes, so the log never lags what the peer has seen.
        var peer = source.ToString();
        if (logger.IsEnabled(LogLevel.Warning) && sampler.ShouldLog(PublicationLog.RefusedByLimitId, peer, out var suppressed))
        {
            PublicationLog.RefusedByLimit(logger, AliasOf(incoming), peer, publisher, status, limit.Key(), limit.ValueIn(options), suppressed);
        }

        await RefuseAsync(incoming, response, publisher, limit.Key()).ConfigureAwait(false);
    }

    private void Log(IncomingRequest incoming, string publisher, int status, string result)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            PublicationLog.PublishOutcome(logger, AliasOf(incoming), SourceKey.Of(incoming.Flow.RemoteEndPoint.Address).ToString(), publisher, status,
                SipFailure.Sanitize(result));
        }
    }

    private static string AliasOf(IncomingRequest incoming)
    {
        var uri = incoming.Request.RequestUri;
        return SipFailure.Sanitize(ContactDirectory.AliasOf(uri) ?? uri.ToString());
    }
}
