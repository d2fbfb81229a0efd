using System.Globalization;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Sends NOTIFYs: at most one transaction in flight per subscription, a newer state replacing an unsent older one,
/// so CSeq order is state order (reference §2.2). Ends a subscription when its NOTIFY is refused or times out. How a
/// watcher answers is the watcher's to choose, so those events are sampled per source and its text cut and escaped.
/// </summary>
internal sealed class Notifier
{
    private readonly IRequestSender _sender;
    private readonly PresenceBodies _bodies;
    private readonly SubscriptionTable _table;
    private readonly TimeProvider _time;
    private readonly ILogger<Notifier> _logger;
    private readonly IPeerLogSampler _sampler;
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;
    private TaskCompletionSource? _drained;

    public Notifier(IRequestSender sender, PresenceBodies bodies, SubscriptionTable table, TimeProvider time, ILogger<Notifier> logger,
        IPeerLogSampler sampler)
    {
        _sender = sender;
        _bodies = bodies;
        _table = table;
        _time = time;
        _logger = logger;
        _sampler = sampler;
    }

    /// <summary>NOTIFY transactions outstanding across all subscriptions.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Queues <paramref name="status"/> for <paramref name="s"/>. A terminated status also removes the subscription
    /// from the table at once, so nothing after it is sent and a late refresh gets 481.
    /// </summary>
    public void Notify(Subscription s, SubscriptionStatus status)
    {
        lock (s)
        {
            if (s.Ended)
            {
                return;
            }

            if (status.IsTerminated)
            {
                s.Ended = true;
                _table.Remove(s);
            }

            if (s.Sending)
            {
                s.Pending = status;
                return;
            }

            s.Sending = true;
        }

        Interlocked.Increment(ref _inFlight);
        _ = SendAsync(s, status);
    }

    /// <summary>Waits until every outstanding NOTIFY has finished, or the token fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource drained;
        lock (_stopping)
        {
            if (InFlight == 0)
            {
                return;
            }

            drained = _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives up on outstanding NOTIFY transactions (shutdown after the drain time).</summary>
    public void Abandon() => _stopping.Cancel();

    private async Task SendAsync(Subscription s, SubscriptionStatus status)
    {
        try
        {
            while (true)
            {
                var ok = await SendOneAsync(s, status).ConfigureAwait(false);
                lock (s)
                {
                    if (!ok || s.Pending is not { } next)
                    {
                        s.Pending = null;
                        s.Sending = false;
                        return;
                    }

                    s.Pending = null;
                    status = next;
                }
            }
        }
        catch (Exception ex)
        {
            // Nobody awaits this task: whatever escaped SendOneAsync's own guard ends here, logged, with the subscription.
            SubscriptionLog.NotifyFailed(_logger, ex, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.CallId));
            End(s);
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0)
            {
                lock (_stopping)
                {
                    _drained?.TrySetResult();
                    _drained = null;
                }
            }
        }
    }

    /// <summary>One NOTIFY transaction; false when the subscription is over.</summary>
    private async Task<bool> SendOneAsync(Subscription s, SubscriptionStatus status)
    {
        var dialog = s.Dialog;
        var watcher = dialog.RemoteHeader;
        try
        {
            var request = Build(s, status);
            var result = await _sender.SendAsync(request, s.Flow, _stopping.Token).ConfigureAwait(false);
            if (result.Outcome != ClientTransactionOutcome.Response)
            {
                if (!status.IsTerminated)
                {
                    var peer = s.Source.ToString();
                    if (_logger.IsEnabled(LogLevel.Information) && _sampler.ShouldLog(SubscriptionLog.EndedByNotifyFailureId, peer, out var suppressed))
                    {
                        SubscriptionLog.EndedByNotifyFailure(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(watcher),
                            SipFailure.Sanitize(dialog.CallId), result.Outcome.ToString(), suppressed, peer);
                    }

                    End(s);
                }

                return false;
            }

            var response = result.Response!;
            var code = response.StatusCode;
            if (NotifyOutcome.EndsSubscription(code))
            {
                if (!status.IsTerminated)
                {
                    var peer = s.Source.ToString();
                    if (_logger.IsEnabled(LogLevel.Information) && _sampler.ShouldLog(SubscriptionLog.EndedByNotifyResponseId, peer, out var suppressed))
                    {
                        SubscriptionLog.EndedByNotifyResponse(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(watcher),
                            SipFailure.Sanitize(dialog.CallId), code, Diagnostics(response), suppressed, peer);
                    }

                    End(s);
                }

                return false;
            }

            if (code >= 300 && _logger.IsEnabled(LogLevel.Debug))
            {
                SubscriptionLog.NotifyRejected(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(dialog.CallId), code, Diagnostics(response));
            }

            return !status.IsTerminated;
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            // Our own fault (a bug building or sending the request): log it, drop this subscription, keep serving.
            SubscriptionLog.NotifyFailed(_logger, ex, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(dialog.CallId));
            End(s);
            return false;
        }
    }

    private void End(Subscription s)
    {
        lock (s)
        {
            s.Ended = true;
            s.Pending = null;
        }

        _table.Remove(s);
    }

    /// <summary>
    /// Why a Lync or Skype for Business server refused our NOTIFY, when it says ([MS-OCER] §2.2.1.1): e.g. a 480 with
    /// "User not found in pool". The public form is what an Edge passes across the enterprise boundary. Cut and
    /// escaped: the peer writes it.
    /// </summary>
    private static string Diagnostics(SipResponse response) =>
        SipFailure.Sanitize(response.Headers.GetFirst("ms-diagnostics") ?? response.Headers.GetFirst(ResponseStamp.DiagnosticsHeader) ?? "none");

    private SipRequest Build(Subscription s, SubscriptionStatus status)
    {
        var request = s.Dialog.CreateRequest(SipMethods.Notify);
        var h = request.Headers;
        h.Add(HeaderKind.Event, s.EventHeader);
        h.Add(HeaderKind.SubscriptionState, StateHeader(s, status));
        h.Add(HeaderKind.Contact, _sender.ContactFor(s.Flow));
        if (s is ListSubscription)
        {
            // RFC 4662 §4.1: a NOTIFY carrying RLMI requires the watcher to understand list notifications.
            h.Add(HeaderKind.Require, ListSubscription.OptionTag);
        }

        var (contentType, body) = s.NextBody(_bodies, status.Reason);
        h.Add(HeaderKind.ContentType, contentType);
        request.Body = body;
        return request;
    }

    /// <summary>
    /// RFC 6665 §4.2.2: an active NOTIFY carries the time left (never more than granted); a terminated one its reason.
    /// </summary>
    private string StateHeader(Subscription s, SubscriptionStatus status)
    {
        if (status.Reason is { } reason)
        {
            return "terminated;reason=" + reason.Token();
        }

        var left = (s.ExpiresAtTicks - _time.GetUtcNow().UtcTicks) / TimeSpan.TicksPerSecond;
        return "active;expires=" + Math.Max(0, left).ToString(CultureInfo.InvariantCulture);
    }
}
