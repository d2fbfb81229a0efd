using System.Net;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

internal sealed partial class TransactionLayer
{
    /// <summary>
    /// The least a target gets of Timer F when later targets wait behind it, in T1: four sends over UDP (at 0, 1, 3 and
    /// 7 T1), so a long list of candidates does not make every try too short to be answered.
    /// </summary>
    private const int MinTargetUnits = 8;

    /// <summary>Timer F in T1 (RFC 3261 §17.1.2.2: 64·T1).</summary>
    private const int TimerFUnits = 64;

    /// <summary>
    /// Runs a non-INVITE request to its end. On <paramref name="preferredFlow"/> while that connection is open, and
    /// whatever comes of it; otherwise to the targets of its next hop in turn (RFC 3263 §4.3): a transport error, a
    /// timeout or a 503 moves on to the next target as a new client transaction (the same request with a new Via
    /// branch), and every try shares one Timer F. The result is that of the last try. With
    /// <paramref name="toSourceOnly"/> (the peer of <paramref name="preferredFlow"/> is not trusted) the next hop is
    /// not looked up: see <see cref="SourceTargets"/>.
    /// </summary>
    public Task<ClientTransactionResult> SendRequestAsync(SipRequest request, SipFlow? preferredFlow, bool toSourceOnly, CancellationToken cancellationToken)
    {
        var start = Time.GetUtcNow();
        if (preferredFlow is { } flow && flow.Protocol.IsStream())
        {
            return SendOnFlowAsync(request, flow, toSourceOnly, start, cancellationToken);
        }

        try
        {
            var located = Locate(request, preferredFlow, toSourceOnly, cancellationToken);
            if (located.IsCompletedSuccessfully && located.Result.Targets.Count == 1 && !cancellationToken.CanBeCanceled)
            {
                // The common case, a NOTIFY to the one address of its watcher: nothing to fail over to, so the
                // transaction's own result is the answer, and no state machine holds the request until it comes (at a
                // fan-out to many watchers those would all live through the collections meanwhile).
                return SendToOnlyTarget(request, located.Result, preferredFlow, toSourceOnly, start);
            }

            return SendLocatedAsync(request, preferredFlow, toSourceOnly, located, start, cancellationToken);
        }
        catch (Exception ex)
        {
            return Task.FromException<ClientTransactionResult>(ex);
        }
    }

    private ValueTask<NextHopTargets> Locate(SipRequest request, SipFlow? preferredFlow, bool toSourceOnly, CancellationToken cancellationToken) =>
        toSourceOnly && preferredFlow is { } source
            ? ValueTask.FromResult(SourceTargets(request, source))
            : Transport.LocateAsync(request, cancellationToken);

    /// <summary>On the connection the peer opened, while it is open; else where the next hop says.</summary>
    private async Task<ClientTransactionResult> SendOnFlowAsync(SipRequest request, SipFlow flow, bool toSourceOnly, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var transaction = Begin(request.Method, flow.RemoteEndPoint, Timers.TransactionTimeout, out var branch);
        if (await SendWithinTimerFAsync(transaction, Transport.SendOnFlowAsync(request, flow, branch)).ConfigureAwait(false))
        {
            return await transaction.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        // The connection is gone: the request goes where its next hop says, as if there had been no flow.
        transaction.Abort();
        RemoveOurVia(request, branch);
        return await SendLocatedAsync(request, flow, toSourceOnly, Locate(request, flow, toSourceOnly, cancellationToken), start, cancellationToken).ConfigureAwait(false);
    }

    private Task<ClientTransactionResult> SendToOnlyTarget(SipRequest request, NextHopTargets hop, SipFlow? preferredFlow, bool toSourceOnly, DateTimeOffset start)
    {
        var target = hop.Targets[0];
        if (preferredFlow is not null && !toSourceOnly)
        {
            Transport.AddressAnswered(target.EndPoint.Address);
        }

        var timerF = Timers.T1 * UnitsFor(TimerFUnits - UnitsSince(start, Time.GetUtcNow()), 1);
        var transaction = Begin(request.Method, target.EndPoint, timerF, out var branch);
        var sent = SendWithinTimerFAsync(transaction, Transport.SendRequestAsync(request, hop.Uri, target, branch, timerF, mayUseTcp: !toSourceOnly, CancellationToken.None));
        if (!sent.IsCompletedSuccessfully)
        {
            return ResultAfterSendAsync(transaction, sent);
        }

        if (!sent.Result)
        {
            transaction.Fail();
        }

        return transaction.Result;
    }

    private static async Task<ClientTransactionResult> ResultAfterSendAsync(NonInviteClientTransaction transaction, ValueTask<bool> sent)
    {
        if (!await sent.ConfigureAwait(false))
        {
            transaction.Fail();
        }

        return await transaction.Result.ConfigureAwait(false);
    }

    /// <summary>
    /// To the targets of the next hop in turn (RFC 3263 §4.3): a transport error, a timeout or a 503 moves on to the
    /// next target as a new client transaction, and every try shares one Timer F counted from <paramref name="start"/>.
    /// </summary>
    private async Task<ClientTransactionResult> SendLocatedAsync(SipRequest request, SipFlow? preferredFlow, bool toSourceOnly,
        ValueTask<NextHopTargets> located, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var hop = await located.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var targets = hop.Targets;
        if (targets.Count == 0)
        {
            TransactionLog.ClientTransportError(Logger, request.Method);
            return ClientTransactionResult.TransportError;
        }

        for (var i = 0; ; i++)
        {
            var target = targets[i];
            if (preferredFlow is not null && !toSourceOnly)
            {
                // A trusted peer chose this destination (its Contact or route set): it vouches for the address, which
                // may never have sent us anything, so no anti-amplification budget applies to it.
                Transport.AddressAnswered(target.EndPoint.Address);
            }

            var units = UnitsFor(TimerFUnits - UnitsSince(start, Time.GetUtcNow()), targets.Count - i);
            var transaction = Begin(request.Method, target.EndPoint, Timers.T1 * units, out var branch);
            var send = Transport.SendRequestAsync(request, hop.Uri, target, branch, Timers.T1 * units, mayUseTcp: !toSourceOnly, cancellationToken);
            if (!await SendWithinTimerFAsync(transaction, send).ConfigureAwait(false))
            {
                transaction.Fail();
            }

            var result = await transaction.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (FailoverReason(result) is not { } reason || i == targets.Count - 1 || _stopped || UnitsSince(start, Time.GetUtcNow()) >= TimerFUnits)
            {
                return result;
            }

            TransactionLog.ClientFailover(Logger, request.Method, hop.Uri.Host, target.ToString(), reason, targets[i + 1].ToString());
            RemoveOurVia(request, branch);
        }
    }

    /// <summary>
    /// Waits for <paramref name="send"/>, or for Timer F, armed before it, to end the transaction first: a connect or a
    /// write held up by a slow or silent peer must not make the request outlive its Timer F (the send then finishes
    /// unwatched). False when nothing went out (no flow could be had, or the write failed); true when the request went
    /// out and its timers run, or Timer F ended it: either way its result comes. Without a Task when the send completes
    /// at once (the UDP case).
    /// </summary>
    private async ValueTask<bool> SendWithinTimerFAsync(NonInviteClientTransaction transaction, ValueTask<OutboundMessage?> send)
    {
        OutboundMessage? sent;
        try
        {
            if (send.IsCompleted)
            {
                sent = send.Result;
            }
            else
            {
                var pending = send.AsTask();
                if (await Task.WhenAny(pending, transaction.Result).ConfigureAwait(false) != pending)
                {
                    _ = pending.ContinueWith(
                        static (t, state) => TransactionLog.TransactionFault(((TransactionLayer)state!).Logger, t.Exception!, "request"),
                        this,
                        CancellationToken.None,
                        TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                    return true;
                }

                sent = await pending.ConfigureAwait(false);
            }
        }
        catch
        {
            transaction.Abort();
            throw;
        }

        if (sent is not { } message)
        {
            return false;
        }

        transaction.Start(message);
        return true;
    }

    /// <summary>
    /// Where a request to an untrusted peer goes, so that no Contact or route set can aim our requests at other hosts
    /// (request forgery, port scans of internal hosts): back to the address its request came from. Its next hop is
    /// honoured only when it names that very address as a literal, and from a UDP source only over UDP (a UDP source
    /// address can be forged, so it never makes us open a connection); otherwise the request goes to the source address
    /// and port on the flow's transport, as responses go by received and rport (RFC 3581). No DNS lookup either: names
    /// the peer chose are not resolved for it.
    /// </summary>
    private NextHopTargets SourceTargets(SipRequest request, SipFlow source)
    {
        var byRequestUri = !request.Headers.Contains(HeaderKind.Route);
        if (byRequestUri && TryKeptSourceHop(request.RequestUriBytes, source, out var kept))
        {
            return kept;
        }

        // The strict-router rewrite still applies; an unreadable Route cannot misdirect a request that goes to the source.
        var hop = NextHop.TryGet(request, out var next, out _) ? next : request.RequestUri;
        return TargetsFromSource(request.Method, hop, source, byRequestUri);
    }

    /// <summary>
    /// A fan-out's NOTIFYs to watchers behind one address name it alike: the last honoured hop is kept, and reused
    /// only for that very source, so it never aims one peer's request at another's address.
    /// </summary>
    private bool TryKeptSourceHop(ReadOnlySpan<byte> requestUri, SipFlow source, out NextHopTargets kept) =>
        _lastSourceHop.TryGet(requestUri, out kept) && kept.Targets[0] is var target &&
        target.EndPoint.Address.Equals(source.RemoteEndPoint.Address) &&
        (source.Protocol != TransportProtocol.Udp || target.Protocol == TransportProtocol.Udp);

    private NextHopTargets TargetsFromSource(string method, SipUri hop, SipFlow source, bool byRequestUri)
    {
        var address = source.RemoteEndPoint.Address;
        if (Addresses.TryParseLiteral(hop.Host) is { } named && named.Equals(address) &&
            TransportProtocolExtensions.TryParseUriTransport(hop.Scheme, hop.Transport, out var transport))
        {
            // RFC 3263 §4.1: a numeric host without a transport parameter means UDP for sip:, TLS for sips:.
            var protocol = transport ?? TransportProtocol.Udp;
            if (source.Protocol != TransportProtocol.Udp || protocol == TransportProtocol.Udp)
            {
                var honoured = new NextHopTargets(hop, [new SipTarget(protocol, new IPEndPoint(address, hop.Port ?? protocol.DefaultPort()))]);
                if (byRequestUri)
                {
                    _lastSourceHop.Remember(honoured);
                }

                return honoured;
            }
        }

        TransactionLog.NextHopIgnored(Logger, method, hop, source.RemoteEndPoint);
        return new NextHopTargets(hop, [new SipTarget(source.Protocol, source.RemoteEndPoint)]);
    }

    /// <summary>RFC 3263 §4.3: a transport error, a timeout or a 503 means the next target should be tried.</summary>
    private static string? FailoverReason(ClientTransactionResult result) => result.Outcome switch
    {
        ClientTransactionOutcome.TransportError => "transport error",
        ClientTransactionOutcome.Timeout => "timeout",
        _ when result.Response?.StatusCode == 503 => "503 Service Unavailable",
        _ => null,
    };

    /// <summary>
    /// The share of Timer F, in T1, for the next of <paramref name="targetsLeft"/> targets when <paramref name="left"/>
    /// remain: an equal share but at least <see cref="MinTargetUnits"/>, and all that remains for the last. Whole T1s:
    /// each distinct timer delay costs the layer a timer queue, so the delays must stay few.
    /// </summary>
    private static int UnitsFor(int left, int targetsLeft)
    {
        left = Math.Max(1, left);
        return targetsLeft == 1 ? left : Math.Min(left, Math.Max(MinTargetUnits, left / targetsLeft));
    }

    /// <summary>Whole T1s between two instants, to the nearest.</summary>
    private int UnitsSince(DateTimeOffset from, DateTimeOffset to) =>
        (int)Math.Min(int.MaxValue, Math.Round((to - from) / Timers.T1, MidpointRounding.AwayFromZero));

    private NonInviteClientTransaction Begin(string method, IPEndPoint remote, TimeSpan timerF, out string branch)
    {
        var transaction = Begin(method, remote, timerF, new ResultSource(), reusable: false);
        branch = transaction.Branch.ToString();
        return transaction;
    }

    /// <summary>
    /// A client transaction, registered and with Timer F armed (see <see cref="NonInviteClientTransaction.Begin"/> for
    /// <paramref name="timerFAfterE"/>); <paramref name="reusable"/> when only <paramref name="completion"/> waits for it.
    /// </summary>
    private NonInviteClientTransaction Begin(string method, IPEndPoint remote, TimeSpan timerF, IRequestCompletion completion, bool reusable,
        bool timerFAfterE = false)
    {
        var transaction = (reusable ? _freeClient.TryTake() : null) ?? new NonInviteClientTransaction(this);
        transaction.Begin(method, ClientBranch.New(), remote, completion, reusable, timerF, timerFAfterE);

        // Registered before the first send: a fast response must find it.
        _client.Set(transaction.Branch, transaction);
        if (!transaction.TimerFAfterFirstE)
        {
            transaction.Arm();
        }

        return transaction;
    }

    /// <summary>A retry is a new request, the same but for its Via (RFC 3263 §4.3): ours from the last try comes off.</summary>
    private static void RemoveOurVia(SipRequest request, string branch)
    {
        if (request.Headers.Count > 0 && request.Headers[0].Kind == HeaderKind.Via && request.Headers.ValueAt(0).Contains(branch, StringComparison.Ordinal))
        {
            request.Headers.RemoveAt(0);
        }
    }
}
