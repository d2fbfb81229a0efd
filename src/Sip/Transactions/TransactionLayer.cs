using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Transactions;

/// <summary>
/// The transaction layer (RFC 3261 §17): matches what the transport delivers to transactions, creates server
/// transactions for new requests and runs client transactions for requests we send. Transactions at work live in
/// striped maps keyed by bytes (<see cref="TransactionKey"/>) or by our branch; once a UDP server transaction only waits
/// out Timer J it moves to a <see cref="CompletedTransactions"/> table as bytes (its key, flow and final response), and a
/// client transaction in Timer K to <see cref="CompletedBranches"/> as its branch. A request without a To tag waits out
/// Timer J under its merge key (RFC 3261 §8.2.2.2), tagged with its transaction key, so that one lookup tells its
/// retransmission (the same transaction key) from a merged copy (another). A merged copy waits under its own
/// transaction key, so no key holds more than one entry: a peer repeating a request under new branches cannot grow a
/// chain that every lookup would walk.
/// Sending a request, with failover from one target to the next, is in <c>.Send.cs</c>. A server transaction handled
/// inline and done goes back to a free list, and the next request reuses the object (and what hangs on it); so does a
/// client transaction that only an <see cref="IRequestCompletion"/> waited for.
/// </summary>
internal sealed partial class TransactionLayer : ISipTransportSink
{
    /// <summary>Enough for the requests in handling at once on every receive loop.</summary>
    private const int PooledTransactions = 256;

    private readonly StripedMap<TransactionKey, ServerTransaction> _server = new();
    private readonly StripedMap<TransactionKey, ServerTransaction> _merge = new();
    private readonly StripedMap<ClientBranch, NonInviteClientTransaction> _client = new();
    private readonly FreeList<ServerTransaction> _freeServer = new(PooledTransactions);
    private readonly FreeList<NonInviteClientTransaction> _freeClient = new(PooledTransactions);
    private readonly LastLiteralHop _lastSourceHop = new();
    private readonly CompletedTransactions _completedServer;
    private readonly CompletedBranches _completedClient;
    private ITransactionUser? _user;
    private volatile bool _stopped;

    public TransactionLayer(ISipTransport transport, SipTimerOptions timers, SipTransactionOptions limits, TimeProvider time, ILogger<TransactionLayer> logger,
        Telemetry.SipMetrics? metrics = null)
    {
        Transport = transport;
        Metrics = metrics ?? new Telemetry.SipMetrics();
        Timers = timers;
        Time = time;
        Logger = logger;
        TransactionTimers = new TransactionTimers(time, logger);
        var budget = limits.MaxCompletedBytes;
        _completedServer = new CompletedTransactions(timers.TransactionTimeout, budget * 3 / 4, TransactionTimers, time);
        _completedClient = new CompletedBranches(timers.T4, budget / 4, TransactionTimers, time);
    }

    public ISipTransport Transport { get; }

    /// <summary>Counts the final responses sent, by method and status.</summary>
    public Telemetry.SipMetrics Metrics { get; }

    public SipTimerOptions Timers { get; }

    public TimeProvider Time { get; }

    /// <summary>Timers E, F, J and K of every transaction, and the sweeps of the completed-transaction tables.</summary>
    public TransactionTimers TransactionTimers { get; }

    public ILogger Logger { get; }

    /// <summary>Receives new requests; set once before messages flow.</summary>
    public ITransactionUser User
    {
        get => _user ?? throw new InvalidOperationException("The transaction layer has no user.");
        set => _user = value;
    }

    /// <summary>Server transactions at work or in Timer J.</summary>
    internal int ServerCount => _server.Count + _completedServer.Count;

    /// <summary>Client transactions at work or in Timer K.</summary>
    internal int ClientCount => _client.Count + _completedClient.Count;

    /// <summary>Client transaction objects waiting in the free list to serve another request.</summary>
    internal int FreeClientCount => _freeClient.Count;

    /// <summary>Memory held by the completed-transaction tables, within <see cref="SipTransactionOptions.MaxCompletedBytes"/>.</summary>
    internal long CompletedBytes => _completedServer.RetainedBytes + _completedClient.RetainedBytes;

    public void OnRequest(SipRequest request, SipFlow flow)
    {
        using var clock = MessageClock.Enter(Time);
        var method = request.Method;
        if (method == SipMethods.Ack)
        {
            // §17.2.3: an ACK belongs to the INVITE transaction whose non-2xx it acknowledges; we keep none (INVITEs are
            // answered statelessly, §8.2.7), and an ACK is never answered.
            TransactionLog.UnmatchedAck(Logger, flow.RemoteEndPoint);
            return;
        }

        if (!TransactionKeys.TryServer(request, method, out var key))
        {
            return;
        }

        if (_server.TryGetValue(key, out var existing) && existing.OnRetransmission(key))
        {
            return;
        }

        var hasMergeKey = TransactionKeys.TryMerge(request, out var mergeKey);
        if (ResendCompleted(key, hasMergeKey ? mergeKey : null, out var mergedWithCompleted) || User.HandledStatelessly(request, flow))
        {
            return;
        }

        var created = _freeServer.TryTake() ?? new NonInviteServerTransaction(this);
        created.Begin(request, flow, key);
        if (!_server.TryAdd(created.Key, created))
        {
            // Another receive loop took the same request a moment earlier: this copy is a retransmission.
            if (_server.TryGetValue(key, out existing))
            {
                existing.OnRetransmission(key);
            }

            Recycle(created);
            return;
        }

        if (hasMergeKey)
        {
            CheckMerged(created, mergeKey, mergedWithCompleted);
        }

        User.OnRequest(created);

        // Handled inline by a handler that keeps no requests, and answered: the transaction let go of the request with
        // its final response, so nothing holds its bytes; once it is done, nothing holds the transaction either.
        request.BytesReleased = created.HandledInline && created.HasFinalResponse;
        if (created.HandledInline && created.IsDone)
        {
            Recycle(created);
        }
    }

    private void Recycle(ServerTransaction transaction)
    {
        transaction.Clear();
        _freeServer.Return(transaction);
    }

    public void OnResponse(SipResponse response, SipFlow flow)
    {
        // §17.1.3: the top Via branch names the transaction and the CSeq method must be its method (a response to
        // a CANCEL carries the same branch as the request it cancelled). The branch is copied to the stack and read as
        // the numbers of ours it must be: a 200 to each NOTIFY of a fan-out builds no Via or string for it.
        using var clock = MessageClock.Enter(Time);
        Span<char> chars = stackalloc char[ClientBranch.Length];
        if (response.TryCopyTopViaBranch(chars, out var length) && ClientBranch.TryParse(chars[..length], out var branch) && response.CSeq is { } cseq)
        {
            if (_client.TryGetValue(branch, out var transaction) && string.Equals(cseq.Method, transaction.Method, StringComparison.Ordinal))
            {
                Transport.AddressAnswered(flow.RemoteEndPoint.Address);
                if (transaction.TryOnResponse(branch, cseq.Method, response, out var kept))
                {
                    response.BytesReleased = !kept;
                    return;
                }
            }

            if (_completedClient.Contains(branch, cseq.Method))
            {
                // A retransmitted final response, absorbed by Timer K (§17.1.2.2).
                response.BytesReleased = true;
                return;
            }
        }

        TransactionLog.UnmatchedResponse(Logger, response.StatusCode, response.CSeq?.Method, flow.RemoteEndPoint);
        response.BytesReleased = true;
    }

    /// <summary>
    /// Whether <paramref name="cancel"/> matches a server transaction (RFC 3261 §9.2): same branch and sent-by as
    /// the request it cancels, whose method is one of <paramref name="methods"/> (the CANCEL itself names none).
    /// </summary>
    public bool MatchesCancelTarget(SipRequest cancel, IEnumerable<string> methods)
    {
        // Not the per-thread scratches: the CANCEL's own keys may be in them, on their way through OnRequest.
        byte[]? buffer = null;
        byte[]? mergeBuffer = null;
        foreach (var method in methods)
        {
            if (!TransactionKeys.TryServer(cancel, method, ref buffer, out var key))
            {
                continue;
            }

            if ((_server.TryGetValue(key, out var target) && target.IsOngoing(key)) || _completedServer.Contains(key))
            {
                return true;
            }

            if (TransactionKeys.TryMerge(cancel, method, ref mergeBuffer, out var merge) &&
                _completedServer.MatchTagged(merge, key.Span) == CompletedTransactions.TaggedMatch.Found)
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
        _stopped = true;
        foreach (var transaction in _client.Snapshot())
        {
            transaction.Abort();
        }

        foreach (var transaction in _server.Snapshot())
        {
            transaction.Abort();
        }

        _completedServer.Clear();
        _completedClient.Clear();
        TransactionTimers.Dispose();
    }

    internal void Remove(ServerTransaction transaction)
    {
        _server.TryRemove(transaction.Key, transaction);
        if (transaction.MergeKey is { } merge)
        {
            _merge.TryRemove(merge, transaction);
        }
    }

    /// <summary>
    /// A non-INVITE server transaction over UDP sent its final response: for Timer J only its key, flow and response
    /// are kept, under its merge key when it has one (so a merged copy still gets 482). Added before the object leaves
    /// the dictionary, so a retransmission always finds one or the other.
    /// </summary>
    internal void Complete(ServerTransaction transaction, OutboundMessage final)
    {
        Span<byte> flow = stackalloc byte[FlowBytes.MaxLength];
        flow = flow[..FlowBytes.Write(final.Flow, flow)];
        if (transaction.MergeKey is { } merge)
        {
            _completedServer.AddTagged(merge, transaction.Key.Span, flow, final.Head.Span);
        }
        else
        {
            _completedServer.Add(transaction.Key, flow, final.Head.Span);
        }

        Remove(transaction);
    }

    /// <summary>A client transaction over UDP got its final response: for Timer K only its branch and method are kept.</summary>
    internal void Complete(NonInviteClientTransaction transaction)
    {
        _completedClient.Add(transaction.Branch, transaction.Method);
        Remove(transaction);
    }

    /// <summary>A client transaction that is over and that nothing but its completion waited for, for the next request.</summary>
    internal void Recycle(NonInviteClientTransaction transaction) => _freeClient.Return(transaction);

    internal void Remove(NonInviteClientTransaction transaction) =>
        _client.TryRemove(transaction.Branch, transaction);

    /// <summary>
    /// RFC 3261 §8.2.2.2: no To tag, and From tag, Call-ID and CSeq of another ongoing transaction, or of one that
    /// finished within Timer J (<paramref name="mergedWithCompleted"/>, from the lookup for a retransmission).
    /// </summary>
    private void CheckMerged(ServerTransaction transaction, in TransactionKey mergeKey, bool mergedWithCompleted)
    {
        // A terminated transaction's leftover entry gives way; a live one makes this a merged copy.
        var key = transaction.OwnMergeKey(mergeKey);
        if (mergedWithCompleted || !_merge.TryAddOrReplace(key, transaction, static other => other.IsTerminated))
        {
            transaction.IsMerged = true;
            return;
        }

        transaction.MergeKey = key;
    }

    /// <summary>
    /// Sends a response outside any transaction (RFC 3261 §8.2.7): once, nothing kept, no retransmission. The
    /// transport logs a failure; there is nothing else to end.
    /// </summary>
    public void SendStateless(SipResponse response, SipFlow flow)
    {
        var send = Transport.SendResponseAsync(response, flow);
        if (send.IsCompletedSuccessfully)
        {
            return;
        }

        _ = send.AsTask().ContinueWith(
            static (t, state) => TransactionLog.TransactionFault((ILogger)state!, t.Exception!, "stateless response"),
            Logger,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>
    /// A retransmission of a request whose transaction is in Timer J: its final response again (§17.2.2). A request
    /// without a To tag is looked up by <paramref name="mergeKey"/>: found under another transaction key, it is
    /// <paramref name="merged"/> with a request that finished, unless it is a merged copy's own retransmission.
    /// </summary>
    private bool ResendCompleted(in TransactionKey key, TransactionKey? mergeKey, out bool merged)
    {
        merged = false;
        var stored = Array.Empty<byte>();
        if (mergeKey is { } merge)
        {
            var match = _completedServer.FindTagged(merge, key.Span, out stored);
            if (match == CompletedTransactions.TaggedMatch.None)
            {
                return false;
            }

            merged = match == CompletedTransactions.TaggedMatch.Other;
        }

        // Only a merged copy is looked up again by its transaction key. One retransmitted after the first request left
        // Timer J is taken as new: nothing is left for it to merge with, and it is at most 32 s younger than that one.
        if ((mergeKey is null || merged) && !_completedServer.TryGetValue(key, out stored))
        {
            return false;
        }

        var flow = FlowBytes.Read(stored, out var flowLength);

        // Nothing is left to end if the resend fails; the transport logs it.
        _ = Transport.ResendAsync(new OutboundMessage(flow, stored.AsMemory(flowLength))).AsTask();
        return true;
    }

}
