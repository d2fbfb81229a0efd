using System.Globalization;
using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// How a SUBSCRIBE is answered and logged, new or in-dialog: the 200 with its headers, a refusal, a refusal by a limit
/// (named in the reason phrase and, sampled per source, in the log).
/// </summary>
internal sealed class SubscribeReplies(IRequestSender sender, SubscriptionOptions options, ILogger logger, PeerLogSampler sampler)
{
    /// <summary>The 200, written from the SUBSCRIBE's bytes: every value here is a constant, a number or the Contact built once per listener.</summary>
    public ValueTask AcceptAsync(IncomingRequest incoming, string localTag, long granted, Subscription subscription)
    {
        var fields = default(ResponseFields);
        fields.Add(HeaderKind.Expires, granted);
        fields.Add(HeaderKind.Contact, sender.ContactFor(incoming.Flow));
        fields.Add(HeaderKind.AllowEvents, SubscribeChecks.PresencePackage);
        if (subscription is ListSubscription)
        {
            // Tells the watcher this is a list subscription before the first NOTIFY arrives (Asterisk does the same).
            fields.Add(HeaderKind.Require, ListSubscription.OptionTag);
        }

        return incoming.RespondAsync(200, "OK", localTag, fields);
    }

    public async ValueTask RefuseAsync(IncomingRequest incoming, SipResponse response, string result)
    {
        await incoming.RespondAsync(response).ConfigureAwait(false);
        Log(incoming, response.StatusCode, result);
    }

    /// <summary>Refuses a SUBSCRIBE over <paramref name="limit"/>, naming it in the reason phrase and, sampled per source, in the log.</summary>
    public async ValueTask RefuseByLimitAsync(IncomingRequest incoming, SubscriptionLimit limit, SourceKey source, string watcher, int status,
        int? retryAfterSeconds)
    {
        var response = incoming.CreateResponse(status, $"{Sip.Messages.StatusCodes.DefaultReason(status)} ({limit.Key()} reached)");
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.Add(HeaderKind.RetryAfter, Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture));
        }

        // Logged before the answer goes, so the log never lags what the peer has seen.
        var peer = source.ToString();
        if (logger.IsEnabled(LogLevel.Warning) && sampler.ShouldLog(SubscriptionLog.RefusedByLimitId, peer, out var suppressed))
        {
            SubscriptionLog.RefusedByLimit(logger, peer, SipFailure.Sanitize(watcher), SipFailure.Sanitize(incoming.Request.CallId ?? "?"), status,
                limit.Key(), limit.ValueIn(options), suppressed);
        }

        await RefuseAsync(incoming, response, limit.Key()).ConfigureAwait(false);
    }

    public void Log(IncomingRequest incoming, int status, string result, Subscription? subscription = null)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var r = incoming.Request;
        SubscriptionLog.SubscribeOutcome(logger, SipFailure.Sanitize(ContactDirectory.AliasOf(r.RequestUri) ?? r.RequestUri.ToString()),
            SipFailure.Sanitize(r.From?.Uri.AddressOfRecord ?? "?"), SipFailure.Sanitize(r.CallId ?? "?"), status, result,
            subscription is null ? "-" : DocumentFormats.ContentTypeOf(subscription.Format));
    }

    /// <summary>The watcher's level and the rule that gave it, with how the watcher is known.</summary>
    public void LogAccess(IncomingRequest incoming, WatcherIdentity watcher, Subscription subscription, AccessDecision decision)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            AccessLog.Level(logger, SipFailure.Sanitize(watcher.Address), watcher.Proof, SipFailure.Sanitize(watcher.From),
                SipFailure.Sanitize(subscription.Entity), SipFailure.Sanitize(incoming.Request.CallId ?? "?"), decision.Level, decision.Rule);
        }
    }

    public void LogList(IncomingRequest incoming, ResourceList list)
    {
        if (!logger.IsEnabled(LogLevel.Debug))
        {
            return;
        }

        var unknown = list.Resources.Count(r => r.Contact is null);
        SubscriptionLog.ListResolved(logger, SipFailure.Sanitize(list.Uri), SipFailure.Sanitize(incoming.Request.CallId ?? "?"),
            list.Name is null ? "batch" : "configured", list.Resources.Count, unknown);
    }
}
