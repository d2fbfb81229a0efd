using PresenceAgent.Sip.Transactions;

namespace PresenceAgent.Sip.Core;

internal sealed partial class UserAgentCore
{
    /// <summary>
    /// Runs the handler on the receive loop. A handler that completes synchronously costs no Task; one that goes
    /// async is awaited off the loop. Either way a throw or a missing final response becomes 500 and an Error log:
    /// it is our side's fault, and the loop carries on.
    /// </summary>
    private void InvokeHandler(ServerTransaction transaction)
    {
        var incoming = Incoming(transaction);
        var handler = _handlers.For(transaction.Request.Method)!;
        ValueTask pending;
        try
        {
            pending = handler.HandleRequestAsync(incoming, _stopping);
        }
        catch (Exception ex)
        {
            HandlerFailed(transaction, ex);
            return;
        }

        if (!pending.IsCompleted)
        {
            _ = AwaitHandlerAsync(pending, transaction);
            return;
        }

        try
        {
            pending.GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            HandlerFailed(transaction, ex);
            return;
        }

        transaction.HandledInline = !handler.KeepsRequests;
        EnsureAnswered(transaction);
    }

    /// <summary>The request's <see cref="IncomingRequest"/>: the one that came with a reused transaction, else a new one kept with it.</summary>
    private IncomingRequest Incoming(ServerTransaction transaction)
    {
        var trusted = _trust.IsTrusted(transaction.Flow);
        var names = _trust.CertificateNamesOf(transaction.Flow);
        if (transaction.Attachment is IncomingRequest reused)
        {
            reused.Reset(transaction, _stamp, trusted, names);
            return reused;
        }

        var incoming = new IncomingRequest(transaction, _stamp, trusted, names);
        transaction.Attachment = incoming;
        return incoming;
    }

    private async Task AwaitHandlerAsync(ValueTask pending, ServerTransaction transaction)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            HandlerFailed(transaction, ex);
            return;
        }

        EnsureAnswered(transaction);
    }

    private void HandlerFailed(ServerTransaction transaction, Exception exception)
    {
        if (exception is OperationCanceledException && _stopping.IsCancellationRequested)
        {
            return;
        }

        CoreLog.HandlerFailed(_logger, exception, transaction.Method, transaction.Flow.RemoteEndPoint);
        TryAnswerServerError(transaction);
    }

    private void EnsureAnswered(ServerTransaction transaction)
    {
        if (!transaction.HasFinalResponse)
        {
            CoreLog.HandlerDidNotRespond(_logger, transaction.Method, transaction.Flow.RemoteEndPoint);
            TryAnswerServerError(transaction);
        }
    }

    private void TryAnswerServerError(ServerTransaction transaction)
    {
        if (transaction.HasFinalResponse)
        {
            return;
        }

        try
        {
            Send(transaction, CreateResponse(transaction.Request, 500));
        }
        catch (InvalidOperationException)
        {
            // The handler's own final response won the race.
        }
    }

    private void Send(ServerTransaction transaction, Messages.SipResponse response) => Send(transaction, transaction.SendResponseAsync(response));

    /// <summary>Waits for a send through the transaction without a Task when it completed at once (the UDP case).</summary>
    private void Send(ServerTransaction transaction, ValueTask send)
    {
        if (send.IsCompleted)
        {
            send.GetAwaiter().GetResult();
            return;
        }

        _ = AwaitSendAsync(send, transaction);
    }

    private async Task AwaitSendAsync(ValueTask send, ServerTransaction transaction)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CoreLog.CoreFault(_logger, ex, transaction.Method, transaction.Flow.RemoteEndPoint);
        }
    }
}
