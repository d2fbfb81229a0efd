using PresenceAgent.Authentication;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// A SUBSCRIBE within a subscription's dialog: a refresh, or with <c>Expires: 0</c> an unsubscribe (RFC 6665
/// §4.1.2.2-3). It is authenticated as a new one is (401), and then must be from the subscriber the dialog-creating
/// SUBSCRIBE proved (403), so knowing a dialog's identifiers is not enough to move or end someone's subscription; it
/// needs its dialog (481), passes the common checks, keeps the format, categories and list of the dialog-creating
/// SUBSCRIBE, and is answered 200 and then a NOTIFY with the current state.
/// </summary>
internal sealed class InDialogSubscribe(SubscriptionTable table, Notifier notifier, SubscriptionOptions options, TimeProvider time,
    SubscribeReplies replies, RequestAuthentication authentication)
{
    public async ValueTask HandleAsync(IncomingRequest incoming, string toTag)
    {
        var request = incoming.Request;
        if (!authentication.TryAuthenticate(incoming, out var identity, out var challenge))
        {
            await replies.RefuseAsync(incoming, challenge, "not authenticated").ConfigureAwait(false);
            return;
        }

        if (!table.TryGet(request, toTag, out var s))
        {
            // RFC 6665 §4.1.2.2 / RFC 3261 §12.2.2: e.g. after a restart; the watcher starts a new subscription.
            await replies.RefuseAsync(incoming, incoming.CreateResponse(481, "Call/Transaction Does Not Exist (no such subscription)"),
                "unknown dialog").ConfigureAwait(false);
            return;
        }

        if (identity is not null && s.AuthenticatedIdentity is { } subscriber && !string.Equals(identity, subscriber, StringComparison.Ordinal))
        {
            await replies.RefuseAsync(incoming, incoming.CreateResponse(403, "Forbidden (authenticated as another user than the subscriber)"),
                "another user").ConfigureAwait(false);
            return;
        }

        if (!SubscribeChecks.TryCheckCommon(incoming, out var refusal, out _, out _, out _))
        {
            await replies.RefuseAsync(incoming, refusal!, "refused").ConfigureAwait(false);
            return;
        }

        if (!SubscribeChecks.TryGrantExpires(incoming, options, out var granted, out refusal))
        {
            await replies.RefuseAsync(incoming, refusal!, "interval too brief").ConfigureAwait(false);
            return;
        }

        lock (s)
        {
            if (s.Ended)
            {
                refusal = incoming.CreateResponse(481, "Call/Transaction Does Not Exist (subscription ended)");
            }
            else if (!s.Dialog.TryAcceptRemoteCSeq(request.CSeq!.Value.Number))
            {
                refusal = incoming.CreateResponse(500, "Server Internal Error (CSeq out of order)");
            }
            else
            {
                s.Dialog.RefreshTarget(request);
                s.Flow = incoming.Flow;

                if (granted > 0)
                {
                    s.ExpiresAtTicks = time.GetUtcNow().UtcTicks + (granted * TimeSpan.TicksPerSecond);
                }
            }
        }

        if (refusal is not null)
        {
            await replies.RefuseAsync(incoming, refusal, "refused in dialog").ConfigureAwait(false);
            return;
        }

        if (granted > 0)
        {
            table.Reschedule(s, s.ExpiresAtTicks);
        }

        await replies.AcceptAsync(incoming, toTag, granted, s).ConfigureAwait(false);
        replies.Log(incoming, 200, granted > 0 ? "refreshed" : "unsubscribed", s);
        notifier.Notify(s, granted > 0 ? SubscriptionStatus.Active : SubscriptionStatus.Terminated(TerminationReason.Timeout));
    }
}
