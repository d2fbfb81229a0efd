using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

internal sealed partial class TransactionLayer
{
    /// <summary>
    /// Runs a request within a dialog to its end, as <see cref="SendRequestAsync(SipRequest, SipFlow?, bool, CancellationToken)"/>
    /// does, and tells <paramref name="completion"/> how it ended. The common case, a NOTIFY by UDP to the one target its
    /// Request-URI names (known without a lookup), is written from the dialog's pre-written lines into the buffer its
    /// transaction resends, and its transaction tells the completion itself; any other goes as a message.
    /// </summary>
    public void SendDialogRequest(DialogRequest request, SipFlow? preferredFlow, bool toSourceOnly, IRequestCompletion completion)
    {
        if (request.HasRoute || preferredFlow is { Protocol: var protocol } && protocol.IsStream() ||
            !TryKnownHop(request, preferredFlow, toSourceOnly, out var hop) ||
            hop.Targets is not [{ Protocol: TransportProtocol.Udp } target] || !Transport.TryReserveUdp(request, target))
        {
            SendAsMessage(request, preferredFlow, toSourceOnly, completion);
            return;
        }

        if (preferredFlow is not null && !toSourceOnly)
        {
            Transport.AddressAnswered(target.EndPoint.Address);
        }

        var transaction = Begin(request.Method, target.EndPoint, Timers.TransactionTimeout, completion, reusable: true, timerFAfterE: true);

        // Not started yet, so not reused yet: a fault below may end only this use.
        var generation = transaction.Generation;
        try
        {
            if (Transport.SendUdp(request, target, transaction.Branch) is { } sent)
            {
                transaction.Start(sent, pooledHead: true);
            }
            else
            {
                transaction.Fail();
            }
        }
        catch (Exception ex)
        {
            // A bug of ours writing or sending it: the transaction is registered and its Timer F armed, so it ends now.
            TransactionLog.TransactionFault(Logger, ex, request.Method);
            transaction.Abort(generation);
        }
    }

    private void SendAsMessage(DialogRequest request, SipFlow? preferredFlow, bool toSourceOnly, IRequestCompletion completion)
    {
        var sent = SendRequestAsync(request.ToSipRequest(), preferredFlow, toSourceOnly, CancellationToken.None);
        if (sent.IsCompletedSuccessfully)
        {
            completion.Completed(sent.Result);
            return;
        }

        _ = sent.ContinueWith(
            static (t, state) =>
            {
                var completion = (IRequestCompletion)state!;
                if (t.IsCompletedSuccessfully)
                {
                    completion.Completed(t.Result);
                }
                else
                {
                    completion.Faulted(t.Exception?.InnerException ?? new OperationCanceledException());
                }
            },
            completion,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// The targets of a request without a Route when known at once: to an untrusted peer, where its source allows
    /// (<see cref="SourceTargets"/>); else a literal host located before.
    /// </summary>
    private bool TryKnownHop(DialogRequest request, SipFlow? preferredFlow, bool toSourceOnly, out NextHopTargets hop)
    {
        if (!toSourceOnly || preferredFlow is not { } source)
        {
            return Transport.TryLocateKnown(request.RequestUriBytes, out hop);
        }

        if (TryKeptSourceHop(request.RequestUriBytes, source, out hop))
        {
            return true;
        }

        if (!SipUri.TryParse(request.RequestUriBytes, out var uri))
        {
            return false;
        }

        hop = TargetsFromSource(request.Method, uri, source, byRequestUri: true);
        return true;
    }
}
