using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Tests.Support;

/// <summary>One request handed to the fake sender, with its still-open client transaction.</summary>
internal sealed class SentRequest
{
    // Continuations run on the thread pool, as they would after a real response: the test never relies on the
    // notifier running inline inside Answer.
    private readonly TaskCompletionSource<ClientTransactionResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SipRequest _request;

    public SentRequest(SipRequest request, SipFlow? flow)
    {
        _request = request;
        Flow = flow;
    }

    public SipRequest Request => _request;

    public SipFlow? Flow { get; }

    public Task<ClientTransactionResult> Result => _result.Task;

    public void Answer(int statusCode) => Complete(ClientTransactionResult.FromResponse(new SipResponse(statusCode)));

    public void Complete(ClientTransactionResult result) => _result.SetResult(result);

    public void Fail(Exception exception) => _result.SetException(exception);

    public string? Header(HeaderKind kind) => _request.Headers.GetFirst(kind);
}
