using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The transaction layer (RFC 3261 §17): matches what the transport delivers to transactions, creates server
/// transactions for new requests and runs client transactions for requests we send. Tables are concurrent
/// dictionaries, so receive loops never take a shared lock.
/// </summary>
internal sealed class TransactionLayer : ISipTransportSink
{
    private readonly ConcurrentDictionary<ServerTransactionKey, ServerTransaction> _server = new();
    private readonly ConcurrentDictionary<MergeKey, ServerTransaction> _merge = new();
    private readonly ConcurrentDictionary<string, NonInviteClientTransaction> _client = new(StringComparer.Ordinal);
    private ITransactionUser? _user;

    public TransactionLayer(ISipTransport transport, SipTimerOptions timers, TimeProvider time, ILogger<TransactionLayer> logger)
    {
        Transport = transport;
        Timers = timers;
        Time = time;
        Logger = logger;
        TransactionTimers = new TransactionTimers(time);
    }

    public ISipTransport Transport { get; }

    public SipTimerOptions Timers { get; }

    public TimeProvider Time { get; }

    /// <summary>Timers E, F, G, H, I, J and K of every transaction.</summary>
    public TransactionTimers TransactionTimers { get; }

    public ILogger Logger { get; }

    /// <summary>Receives new requests; set once before messages flow.</summary>
    public ITransactionUser User
    {
        get => _user ?? throw new InvalidOperationException("The transaction layer has no user.");
        set => _user = value;
    }

    internal int ServerCount => _server.Count;

    internal int ClientCount => _client.Count;

    public void OnRequest(SipRequest request, SipFlow flow)
    {
        var method = request.Method;
        if (method == SipMethods.Ack)
        {
            // §17.2.3: an ACK belongs to the INVITE transaction whose non-2xx it acknowledges; it never matches a
            // non-INVITE one and is never answered.
            if (ServerTransactionKey.TryCreate(request, SipMethods.Invite, out var inviteKey) &&
                _server.TryGetValue(inviteKey, out var invite) && invite is InviteServerTransaction ist)
            {
                ist.OnAck();
            }
            else
            {
                TransactionLog.UnmatchedAck(Logger, flow.RemoteEndPoint);
            }

            return;
        }

        if (!ServerTransactionKey.TryCreate(request, method, out var key))
        {
            return;
        }

        if (_server.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return;
        }

        ServerTransaction created = method == SipMethods.Invite
            ? new InviteServerTransaction(this, request, flow, key)
            : new NonInviteServerTransaction(this, request, flow, key);
        if (!_server.TryAdd(key, created))
        {
            // Another receive loop took the same request a moment earlier: this copy is a retransmission.
            if (_server.TryGetValue(key, out existing))
            {
                existing.OnRetransmission();
            }

            return;
        }

        CheckMerged(created);
        User.OnRequest(created);
    }

    public void OnResponse(SipResponse response, SipFlow flow)
    {
        // §17.1.3: the top Via branch names the transaction and the CSeq method must be its method (a response to
        // a CANCEL carries the same branch as the request it cancelled).
        if (response.TopVia?.Branch is { } branch &&
            _client.TryGetValue(branch, out var transaction) &&
            response.CSeq is { } cseq && string.Equals(cseq.Method, transaction.Method, StringComparison.Ordinal))
        {
            transaction.OnResponse(response);
            return;
        }

        TransactionLog.UnmatchedResponse(Logger, response.StatusCode, response.CSeq?.Method, flow.RemoteEndPoint);
    }

    /// <summary>Runs a non-INVITE client transaction for <paramref name="request"/> to its end.</summary>
    public async Task<ClientTransactionResult> SendRequestAsync(SipRequest request, SipFlow? preferredFlow, CancellationToken cancellationToken)
    {
        var branch = SipIds.NewBranch();
        var transaction = new NonInviteClientTransaction(this, request.Method, branch);

        // Registered before the first send: a fast response must find it.
        _client[branch] = transaction;
        OutboundMessage? sent;
        try
        {
            sent = await Transport.SendRequestAsync(request, preferredFlow, branch, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _client.TryRemove(new KeyValuePair<string, NonInviteClientTransaction>(branch, transaction));
            throw;
        }

        if (sent is { } message)
        {
            transaction.Start(message);
        }
        else
        {
            transaction.Fail();
        }

        return await transaction.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="cancel"/> matches a server transaction (RFC 3261 §9.2): same branch and sent-by as
    /// the request it cancels, whose method is one of <paramref name="methods"/> (the CANCEL itself names none).
    /// </summary>
    public bool MatchesCancelTarget(SipRequest cancel, IEnumerable<string> methods)
    {
        foreach (var method in methods)
        {
            if (ServerTransactionKey.TryCreate(cancel, method, out var key) &&
                _server.TryGetValue(key, out var target) && !target.IsTerminated)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Ends every client transaction with a transport error, so no caller waits past a stop, and drops every server
    /// transaction with its timers.
    /// </summary>
    public void Stop()
    {
        foreach (var transaction in _client.Values)
        {
            transaction.Abort();
        }

        foreach (var transaction in _server.Values)
        {
            transaction.Abort();
        }

        TransactionTimers.Dispose();
    }

    internal void Remove(ServerTransaction transaction)
    {
        _server.TryRemove(new KeyValuePair<ServerTransactionKey, ServerTransaction>(transaction.Key, transaction));
        if (transaction.MergeKey is { } merge)
        {
            _merge.TryRemove(new KeyValuePair<MergeKey, ServerTransaction>(merge, transaction));
        }
    }

    internal void Remove(NonInviteClientTransaction transaction) =>
        _client.TryRemove(new KeyValuePair<string, NonInviteClientTransaction>(transaction.Branch, transaction));

    /// <summary>RFC 3261 §8.2.2.2: no To tag, and From tag, Call-ID and CSeq of another ongoing transaction.</summary>
    private void CheckMerged(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.To?.Tag is not null || request.From?.Tag is not { } fromTag || request.CallId is not { } callId || request.CSeq is not { } cseq)
        {
            return;
        }

        var key = new MergeKey(fromTag, callId, cseq.Number, cseq.Method);
        while (true)
        {
            if (_merge.TryAdd(key, transaction))
            {
                transaction.MergeKey = key;
                return;
            }

            if (_merge.TryGetValue(key, out var other))
            {
                if (!other.IsTerminated)
                {
                    transaction.IsMerged = true;
                    return;
                }

                // A leftover of a finished transaction: take its place.
                _merge.TryRemove(new KeyValuePair<MergeKey, ServerTransaction>(key, other));
            }
        }
    }
}
