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
    public async Task<ClientTransactionResult> SendRequestAsync(SipRequest request, SipFlow? preferredFlow, bool toSourceOnly, CancellationToken cancellationToken)
    {
        var start = Time.GetUtcNow();
        string branch;
        NonInviteClientTransaction transaction;
        if (preferredFlow is { } flow && flow.Protocol.IsStream())
        {
            transaction = Begin(request.Method, flow.RemoteEndPoint, Timers.TransactionTimeout, out branch);
            if (await SendWithinTimerFAsync(transaction, Transport.SendOnFlowAsync(request, flow, branch)).ConfigureAwait(false))
            {
                return await transaction.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // The connection is gone: the request goes where its next hop says, as if there had been no flow.
            transaction.Abort();
            RemoveOurVia(request, branch);
        }

        var hop = toSourceOnly && preferredFlow is { } source
            ? SourceTargets(request, source)
            : await Transport.LocateAsync(request, cancellationToken).ConfigureAwait(false);
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
            transaction = Begin(request.Method, target.EndPoint, Timers.T1 * units, out branch);
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
        // The strict-router rewrite still applies; an unreadable Route cannot misdirect a request that goes to the source.
        var hop = NextHop.TryGet(request, out var next, out _) ? next : request.RequestUri;
        var address = source.RemoteEndPoint.Address;
        if (Addresses.TryParseLiteral(hop.Host) is { } named && named.Equals(address) &&
            TransportProtocolExtensions.TryParseUriTransport(hop.Scheme, hop.Transport, out var transport))
        {
            // RFC 3263 §4.1: a numeric host without a transport parameter means UDP for sip:, TLS for sips:.
            var protocol = transport ?? TransportProtocol.Udp;
            if (source.Protocol != TransportProtocol.Udp || protocol == TransportProtocol.Udp)
            {
                return new NextHopTargets(hop, [new SipTarget(protocol, new IPEndPoint(address, hop.Port ?? protocol.DefaultPort()))]);
            }
        }

        TransactionLog.NextHopIgnored(Logger, request.Method, hop, source.RemoteEndPoint);
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
        branch = SipIds.NewBranch();
        var transaction = new NonInviteClientTransaction(this, method, branch, remote);

        // Registered before the first send: a fast response must find it.
        _client[branch] = transaction;
        transaction.Arm(timerF);
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
