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
    /// branch), and every try shares one Timer F. The result is that of the last try.
    /// </summary>
    public async Task<ClientTransactionResult> SendRequestAsync(SipRequest request, SipFlow? preferredFlow, CancellationToken cancellationToken)
    {
        var start = Time.GetUtcNow();
        string branch;
        NonInviteClientTransaction transaction;
        OutboundMessage? sent;
        if (preferredFlow is { } flow && flow.Protocol.IsStream())
        {
            transaction = Begin(request.Method, out branch);
            try
            {
                sent = await Transport.SendOnFlowAsync(request, flow, branch).ConfigureAwait(false);
            }
            catch
            {
                Remove(transaction);
                throw;
            }

            if (sent is { } onFlow)
            {
                transaction.Start(onFlow, Timers.TransactionTimeout);
                return await transaction.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            // The connection is gone: the request goes where its next hop says, as if there had been no flow.
            Remove(transaction);
            RemoveOurVia(request, branch);
        }

        var hop = await Transport.LocateAsync(request, cancellationToken).ConfigureAwait(false);
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
            var attemptStart = Time.GetUtcNow();
            var units = UnitsFor(TimerFUnits - UnitsSince(start, attemptStart), targets.Count - i);
            transaction = Begin(request.Method, out branch);
            try
            {
                sent = await Transport.SendRequestAsync(request, hop.Uri, target, branch, Timers.T1 * units, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Remove(transaction);
                throw;
            }

            if (sent is { } message)
            {
                // Time spent connecting counts against this target's share.
                transaction.Start(message, Timers.T1 * Math.Max(1, units - UnitsSince(attemptStart, Time.GetUtcNow())));
            }
            else
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

    private NonInviteClientTransaction Begin(string method, out string branch)
    {
        branch = SipIds.NewBranch();
        var transaction = new NonInviteClientTransaction(this, method, branch);

        // Registered before the first send: a fast response must find it.
        _client[branch] = transaction;
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
