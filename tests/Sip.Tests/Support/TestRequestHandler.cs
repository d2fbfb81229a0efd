using System.Collections.Concurrent;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Sip.Tests.Support;

/// <summary>A host handler whose behaviour each test sets; records every request it is given.</summary>
internal sealed class TestRequestHandler : ISipRequestHandler
{
    public IReadOnlyCollection<string> Methods { get; init; } = ["SUBSCRIBE", "NOTIFY"];

    public IReadOnlyCollection<string> AllowEvents { get; init; } = ["presence"];

    public IReadOnlyCollection<string> AcceptedContentTypes { get; init; } = ["application/pidf+xml"];

    public IReadOnlyCollection<string> OptionTags { get; init; } = [];

    /// <summary>What the handler tells the stack about keeping requests; true, as for any handler that says nothing.</summary>
    public bool KeepsRequests { get; init; } = true;

    /// <summary>Default: answer 200 at once.</summary>
    public Func<IncomingRequest, ValueTask> Behavior { get; set; } = r => r.RespondAsync(r.CreateResponse(200));

    public ConcurrentQueue<IncomingRequest> Calls { get; } = new();

    /// <summary>
    /// Each request as handed over: an <see cref="IncomingRequest"/> of a handler that keeps no requests is reused
    /// with its transaction, so only the message read during handling stays that request's.
    /// </summary>
    public ConcurrentQueue<PresenceAgent.Sip.Messages.SipRequest> Requests { get; } = new();

    public ValueTask HandleRequestAsync(IncomingRequest request, CancellationToken cancellationToken)
    {
        Calls.Enqueue(request);
        Requests.Enqueue(request.Request);
        return Behavior(request);
    }
}
