using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Transactions;

/// <summary>A transaction layer over a fake transport in virtual time, with a user that records new requests.</summary>
internal sealed class TransactionTestBed : ITransactionUser
{
    public TransactionTestBed()
    {
        Transport = new FakeTransport(Time);
        Layer = new TransactionLayer(Transport, new SipTimerOptions(), new SipTransactionOptions(), Time, Logs.CreateLogger<TransactionLayer>())
        {
            User = this,
        };
    }

    public ManualTimeProvider Time { get; } = new();

    public TestLogs Logs { get; } = new();

    public FakeTransport Transport { get; }

    public TransactionLayer Layer { get; }

    public List<ServerTransaction> Requests { get; } = [];

    /// <summary>Status to answer each new request with at once; null leaves it unanswered.</summary>
    public int? AnswerWith { get; set; } = 200;

    /// <summary>Marks each transaction handled inline after answering, as the core does for a handler that keeps no requests: done ones are then reused.</summary>
    public bool HandleInline { get; set; }

    /// <summary>Called with each new transaction before it is answered (a reused object changes after).</summary>
    public Action<ServerTransaction>? OnEach { get; set; }

    public bool HandledStatelessly(PresenceAgent.Sip.Messages.SipRequest request, PresenceAgent.Sip.Transport.SipFlow flow) => false;

    public void OnRequest(ServerTransaction transaction)
    {
        Requests.Add(transaction);
        OnEach?.Invoke(transaction);
        if (AnswerWith is { } status)
        {
            transaction.SendResponseAsync(PresenceAgent.Sip.Messages.SipResponseFactory.Create(transaction.Request, status)).AsTask().GetAwaiter().GetResult();
        }

        transaction.HandledInline = HandleInline;
    }
}
