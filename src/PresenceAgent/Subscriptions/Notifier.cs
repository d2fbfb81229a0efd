using System.Globalization;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using NotifyBody = (string ContentType, System.ReadOnlyMemory<byte> Body);

namespace PresenceAgent.Subscriptions;

/// <summary>
/// Sends NOTIFYs: at most one transaction in flight per subscription, a newer state replacing an unsent older one,
/// so CSeq order is state order (reference §2.2). Ends a subscription when its NOTIFY is refused or times out. How a
/// watcher answers is the watcher's to choose, so those events are sampled per source and its text cut and escaped.
/// </summary>
internal sealed class Notifier
{
    // Subscription-State values for the seconds left up to the longest Expires granted by default: a fan-out writes the
    // same few hundred values to thousands of watchers, so each is built once (a benign race builds one twice).
    private static readonly string?[] s_activeStates = new string?[3601];

    // Senders done with, kept for the next subscription's NOTIFYs: each call's subscribe and unsubscribe would
    // otherwise make one and its request twice. Bounded: a fan-out past it makes the rest anew.
    private const int MaxPooledSends = 256;
    private readonly NotifySend?[] _pool = new NotifySend?[MaxPooledSends];
    private readonly Lock _poolLock = new();
    private int _pooled;

    private readonly IRequestSender _sender;
    private readonly PresenceBodies _bodies;
    private readonly SubscriptionTable _table;
    private readonly TimeProvider _time;
    private readonly ILogger<Notifier> _logger;
    private readonly PeerLogSampler _sampler;
    private readonly NotifyMetrics _metrics;
    private readonly Lock _drainLock = new();
    private volatile bool _abandoned;
    private int _inFlight;
    private TaskCompletionSource? _drained;

    public Notifier(IRequestSender sender, PresenceBodies bodies, SubscriptionTable table, TimeProvider time, ILogger<Notifier> logger,
        PeerLogSampler sampler, NotifyMetrics? metrics = null)
    {
        _metrics = metrics ?? new NotifyMetrics();
        _sender = sender;
        _bodies = bodies;
        _table = table;
        _time = time;
        _logger = logger;
        _sampler = sampler;
        _table.Expired += OnExpired;
    }

    /// <summary>NOTIFY transactions outstanding across all subscriptions.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>
    /// Queues <paramref name="status"/> for <paramref name="s"/>. A terminated status also removes the subscription
    /// from the table at once, so nothing after it is sent and a late refresh gets 481.
    /// </summary>
    /// <remarks>
    /// <c>initial</c>: the first NOTIFY of a new subscription. Over UDP, when its full state would pass the budget of a watcher
    /// address that has not answered us yet (Sip:Limits:AmplificationFactor), a NOTIFY without a body goes first
    /// (RFC 6665 §4.2.1.2 and RFC 3856 §6.7 allow one when the notifier has no state to give yet) and the state
    /// follows once it is answered, as QUIC's handshake proves an address before data flows (RFC 9000 §8.1). A watcher
    /// that never answers (a forged source) is ended as any unanswered NOTIFY ends it and never gets the state. A list
    /// gets the same: RFC 4662 §5 wants the first RLMI to carry full state, and it still does, at once after the
    /// probe's 200; the probe carries no RLMI, so no list version is spent on it. A fetch (its first NOTIFY is its last)
    /// is probed the same way, its probe saying <c>pending</c> (RFC 6665 §4.1.3: no state to give yet) rather than
    /// terminated, so the final NOTIFY with the state can follow.
    /// </remarks>
    public void Notify(Subscription s, SubscriptionStatus status, bool initial = false)
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
                _metrics.Parking(s.Pending);
                s.Pending = status;
                return;
            }

            s.Sending = true;
        }

        Interlocked.Increment(ref _inFlight);
        Send(Rent(s, status, mayProbe: initial && s.Flow?.Protocol == TransportProtocol.Udp));
    }

    /// <summary>
    /// Every live subscription gets a final NOTIFY with <paramref name="reason"/>. A fault with one is logged and the
    /// rest still get theirs.
    /// </summary>
    public int TerminateAll(TerminationReason reason)
    {
        var n = 0;
        foreach (var s in _table.Snapshot())
        {
            try
            {
                Notify(s, SubscriptionStatus.Terminated(reason));
                n++;
            }
            catch (Exception ex)
            {
                SubscriptionLog.NotifyFailed(_logger, ex, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.CallId));
            }
        }

        return n;
    }

    /// <summary>Waits until every outstanding NOTIFY has finished, or the token fires.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource drained;
        lock (_drainLock)
        {
            if (InFlight == 0)
            {
                return;
            }

            drained = _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        // Finished looks for a waiter without the lock: one that counted to zero since the check above may have missed
        // this one, so the count is read again past a full fence (Finished's decrement is one too): one of the two ends the wait.
        Interlocked.MemoryBarrier();
        if (InFlight == 0)
        {
            Drained();
        }

        await drained.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Gives up on outstanding NOTIFY transactions (shutdown after the drain time): the stack's stop then ends them
    /// (it aborts every client transaction), and their subscriptions end without a log line each. No cancellation token
    /// rides along with each NOTIFY for this: one registration per NOTIFY on a shared source cost a fan-out to 100 000
    /// watchers a fifth of its time (bench/RESULTS.md).
    /// </summary>
    public void Abandon() => _abandoned = true;

    /// <summary>Builds and sends the NOTIFY of <paramref name="send"/>; its answer comes to <see cref="OnAnswered"/>.</summary>
    private void Send(NotifySend send)
    {
        try
        {
            _metrics.Sending(send.Subscription);
            var request = Prepare(send, send.Subscription, send.Status, send.MayProbe, ref send.Held);
            _sender.Send(request, send.Subscription.Flow, send);
        }
        catch (Exception ex)
        {
            Fault(send, ex);
        }
    }

    /// <summary>
    /// The NOTIFY of <paramref name="send"/> was answered: the next one follows (the state a probe went ahead of, or a
    /// newer state that waited) with the same <see cref="NotifySend"/>, or the subscription has nothing more in flight.
    /// </summary>
    private void OnAnswered(NotifySend send, ClientTransactionResult result)
    {
        try
        {
            var s = send.Subscription;
            _metrics.Answered(result);
            var ok = SendOn(s, send.Status, send.Held is not null, result);
            if (!ok)
            {
                send.Held = null;
            }

            send.MayProbe = false;
            lock (s)
            {
                if (ok && send.Held is not null)
                {
                    // The probe was answered: the state it went ahead of follows, unless the subscription is ending.
                    if (s.Pending is { IsTerminated: true } ending)
                    {
                        (send.Status, send.Held, s.Pending) = (ending, null, null);
                    }
                }
                else if (!ok || s.Pending is not { } next)
                {
                    s.Pending = null;
                    s.Sending = false;
                    Finished(send);
                    return;
                }
                else
                {
                    s.Pending = null;
                    send.Status = next;
                }
            }
        }
        catch (Exception ex)
        {
            Fault(send, ex);
            return;
        }

        Send(send);
    }

    /// <summary>
    /// Our own fault (a bug building or sending the request, or the stack's with it), and nobody awaits the NOTIFY:
    /// logged, this subscription dropped, the rest served.
    /// </summary>
    private void Fault(NotifySend send, Exception ex)
    {
        var s = send.Subscription;
        _metrics.Faulted();
        SubscriptionLog.NotifyFailed(_logger, ex, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.CallId));
        End(s);
        Finished(send);
    }

    /// <summary>A subscription has no NOTIFY in flight any more: its sender goes back to the pool.</summary>
    private void Finished(NotifySend send)
    {
        send.Clear();
        lock (_poolLock)
        {
            if (_pooled < _pool.Length)
            {
                _pool[_pooled++] = send;
            }
        }

        // The lock only when someone waits, which is only while stopping (DrainAsync reads the count again once it waits).
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _drained) is not null)
        {
            Drained();
        }
    }

    private void Drained()
    {
        lock (_drainLock)
        {
            _drained?.TrySetResult();
            _drained = null;
        }
    }

    /// <summary>
    /// The NOTIFY for <paramref name="status"/>, with <paramref name="held"/> as its body when given. When
    /// <paramref name="mayProbe"/> and it does not fit the UDP budget, it goes without its body, which comes back in
    /// <paramref name="held"/>; otherwise that is cleared.
    /// </summary>
    private DialogRequest Prepare(NotifySend send, Subscription s, SubscriptionStatus status, bool mayProbe, ref NotifyBody? held)
    {
        var request = Build(send, s, status, held ?? s.NextBody(_bodies, status.Reason));
        if (mayProbe && s.Flow is { } flow && !_sender.FitsUdpBudget(flow, request))
        {
            held = (request.Get(HeaderKind.ContentType)!, request.Body);
            request.Remove(HeaderKind.ContentType);
            request.Body = ReadOnlyMemory<byte>.Empty;
            if (status.IsTerminated)
            {
                request.Set(HeaderKind.SubscriptionState, "pending");
            }
        }
        else
        {
            held = null;
        }

        return request;
    }

    /// <summary>
    /// What the answer to a NOTIFY means: true to send on (after a probe, whose held state follows, or while the
    /// subscription lives); false when the subscription is over, ending it when the answer ended it.
    /// </summary>
    private bool SendOn(Subscription s, SubscriptionStatus status, bool probed, ClientTransactionResult result)
    {
        if (result.Outcome != ClientTransactionOutcome.Response)
        {
            if (!status.IsTerminated)
            {
                var peer = s.Source.ToString();
                if (!_abandoned && _logger.IsEnabled(LogLevel.Information) && _sampler.ShouldLog(SubscriptionLog.EndedByNotifyFailureId, peer, out var suppressed))
                {
                    SubscriptionLog.EndedByNotifyFailure(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.RemoteHeader),
                        SipFailure.Sanitize(s.Dialog.CallId), result.Outcome.ToString(), suppressed, peer);
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
                    SubscriptionLog.EndedByNotifyResponse(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.RemoteHeader),
                        SipFailure.Sanitize(s.Dialog.CallId), code, Diagnostics(response), suppressed, peer);
                }

                End(s);
            }

            return false;
        }

        if (code >= 300 && _logger.IsEnabled(LogLevel.Debug))
        {
            SubscriptionLog.NotifyRejected(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.CallId), code, Diagnostics(response));
        }

        return probed || !status.IsTerminated;
    }

    /// <summary>The table's timer: a subscription not refreshed in time ends with <c>timeout</c> (RFC 6665 §4.2.2).</summary>
    private void OnExpired(Subscription s)
    {
        if (s.ExpiresAtTicks > _time.GetUtcNow().UtcTicks)
        {
            return;
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            SubscriptionLog.Expired(_logger, SipFailure.Sanitize(s.Entity), SipFailure.Sanitize(s.Dialog.RemoteHeader), SipFailure.Sanitize(s.Dialog.CallId));
        }

        Notify(s, SubscriptionStatus.Terminated(TerminationReason.Timeout));
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

    private DialogRequest Build(NotifySend send, Subscription s, SubscriptionStatus status, NotifyBody body)
    {
        // The previous NOTIFY's request is the stack's no more: it keeps nothing of one once sent.
        var request = send.Request = s.Dialog.NewRequest(SipMethods.Notify, send.Request);
        request.Set(HeaderKind.Event, s.EventHeader);
        request.Set(HeaderKind.SubscriptionState, StateHeader(s, status));
        request.Set(HeaderKind.Contact, _sender.ContactFor(s.Flow));
        if (s is ListSubscription)
        {
            // RFC 4662 §4.1: a NOTIFY carrying RLMI requires the watcher to understand list notifications.
            request.Set(HeaderKind.Require, ListSubscription.OptionTag);
        }

        request.Set(HeaderKind.ContentType, body.ContentType);
        request.Body = body.Body;
        return request;
    }

    /// <summary>
    /// RFC 6665 §4.2.2: an active NOTIFY carries the time left (never more than granted); a terminated one its reason.
    /// </summary>
    private string StateHeader(Subscription s, SubscriptionStatus status)
    {
        if (status.Reason is { } reason)
        {
            return reason.TerminatedState();
        }

        var left = Math.Max(0, (s.ExpiresAtTicks - _time.GetUtcNow().UtcTicks) / TimeSpan.TicksPerSecond);
        return left < s_activeStates.Length
            ? s_activeStates[left] ??= ActiveState(left)
            : ActiveState(left);
    }

    private static string ActiveState(long left) => string.Create(CultureInfo.InvariantCulture, $"active;expires={left}");

    /// <summary>A pooled sender, or a new one, for the NOTIFYs <paramref name="s"/> is about to send.</summary>
    private NotifySend Rent(Subscription s, SubscriptionStatus status, bool mayProbe)
    {
        NotifySend? send = null;
        lock (_poolLock)
        {
            if (_pooled > 0)
            {
                send = _pool[--_pooled];
                _pool[_pooled] = null;
            }
        }

        send ??= new NotifySend(this);
        send.Subscription = s;
        send.Status = status;
        send.MayProbe = mayProbe;
        return send;
    }

    /// <summary>
    /// The NOTIFYs a subscription sends one after another while it has one in flight (at most one at a time): what the
    /// next is and how its answer comes back, one object for them all in place of a task and an awaiting state machine,
    /// pooled between subscriptions with the request it writes each NOTIFY in.
    /// </summary>
    private sealed class NotifySend(Notifier notifier) : IRequestCompletion
    {
        /// <summary>The state whose body a probe went without, to follow once the probe is answered.</summary>
        public NotifyBody? Held;

        /// <summary>The request of the last NOTIFY sent, written over for the next.</summary>
        public DialogRequest? Request;

        public Subscription Subscription { get; set; } = null!;

        public SubscriptionStatus Status { get; set; }

        /// <summary>Only the first NOTIFY of a new subscription over UDP may be a probe.</summary>
        public bool MayProbe { get; set; }

        public void Completed(ClientTransactionResult result) => notifier.OnAnswered(this, result);

        /// <summary>The answer's status and diagnostics are read as it comes; nothing keeps the response.</summary>
        public bool KeepsResponses => false;

        public void Faulted(Exception exception) => notifier.Fault(this, exception);

        /// <summary>Lets go of the subscription and its last NOTIFY's values and body, so a pooled sender holds them alive no longer.</summary>
        public void Clear()
        {
            Subscription = null!;
            Status = default;
            Held = null;
            Request?.Clear();
        }
    }
}
