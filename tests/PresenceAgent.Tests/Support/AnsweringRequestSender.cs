using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Support;

/// <summary>
/// Answers every NOTIFY 200 at once and keeps only the count and the latest, so a test can send very many SUBSCRIBEs
/// without holding on to what they caused (<see cref="FakeRequestSender"/> keeps everything open and recorded).
/// </summary>
internal sealed class AnsweringRequestSender : IRequestSender
{
    private static readonly ClientTransactionResult Ok = ClientTransactionResult.FromResponse(new SipResponse(200));
    private int _count;
    private SipRequest? _last;

    public int Count => Volatile.Read(ref _count);

    /// <summary>When set and it returns an exception for a request, SendAsync throws it instead of answering.</summary>
    public Func<SipRequest, Exception?>? Fault { get; set; }

    public SipRequest? Last => Volatile.Read(ref _last);

    public void Send(DialogRequest notify, SipFlow? preferredFlow, IRequestCompletion completion)
    {
        var request = notify.ToSipRequest();
        if (Fault?.Invoke(request) is { } fault)
        {
            throw fault;
        }

        Volatile.Write(ref _last, request);
        Interlocked.Increment(ref _count);
        completion.Completed(Ok);
    }

    public bool FitsUdpBudget(SipFlow flow, DialogRequest request) => true;

    public string ContactFor(SipFlow? flow) => FakeRequestSender.TcpContact;
}
