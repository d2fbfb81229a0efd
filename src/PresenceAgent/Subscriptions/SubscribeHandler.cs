using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The stack's handler for SUBSCRIBE in the presence event package (RFC 6665, RFC 3856): a request without a To tag
/// creates a subscription (<see cref="InitialSubscribe"/>), one with a tag refreshes or ends one
/// (<see cref="InDialogSubscribe"/>). What follows, NOTIFYs and expiry, is the <see cref="Notifier"/>'s.
/// </summary>
internal sealed class SubscribeHandler : ISipRequestHandler, IDisposable
{
    private readonly InitialSubscribe _initial;
    private readonly InDialogSubscribe _inDialog;
    private readonly FetchRateLimiter _fetches;
    private readonly ILogger<SubscribeHandler> _logger;

    public SubscribeHandler(RunningConfiguration running, SubscriptionTable table, Notifier notifier, IRequestSender sender,
        SubscriptionOptions options, TimeProvider time, ILogger<SubscribeHandler> logger, PeerLogSampler sampler,
        RequestAuthentication authentication)
    {
        _logger = logger;
        _fetches = new FetchRateLimiter(options, time);
        var replies = new SubscribeReplies(sender, options, logger, sampler);
        _initial = new InitialSubscribe(running, table, notifier, options, time, replies, _fetches, authentication);
        _inDialog = new InDialogSubscribe(table, notifier, options, time, replies, authentication);
    }

    public IReadOnlyCollection<string> Methods { get; } = [SipMethods.Subscribe];

    /// <summary>
    /// A subscription and its dialog keep copies (strings, packed bytes) of what they take from the SUBSCRIBE, and a
    /// batch body is read into strings: nothing here holds the request once handling returns.
    /// </summary>
    public bool KeepsRequests => false;

    public IReadOnlyCollection<string> AllowEvents { get; } = [SubscribeChecks.PresencePackage];

    public IReadOnlyCollection<string> AcceptedContentTypes { get; } = [BatchSubscription.ContentType];

    /// <summary>
    /// List subscriptions and Lync's batches. Never ms-benotify, ms-piggyback-first-notify or com.microsoft.autoextend:
    /// each would switch on a behaviour we do not have (docs/interop.md).
    /// </summary>
    public IReadOnlyCollection<string> OptionTags { get; } =
        [ListSubscription.OptionTag, BatchSubscription.AdhocListTag, BatchSubscription.CategoryListTag];

    public ValueTask HandleRequestAsync(IncomingRequest incoming, CancellationToken cancellationToken) =>
        incoming.Request.ToTag is { } toTag ? _inDialog.HandleAsync(incoming, toTag) : _initial.HandleAsync(incoming);

    /// <summary>
    /// From now on new SUBSCRIBEs get 503 with Retry-After. Called before the notifier terminates every subscription on
    /// shutdown, so a watcher that re-subscribes at once on <c>deactivated</c> (RFC 6665 §4.1.3) is told to wait, not
    /// admitted and then dropped with the sockets.
    /// </summary>
    public void StopAdmitting()
    {
        _initial.StopAdmitting();
        SubscriptionLog.RefusingWhileStopping(_logger, InitialSubscribe.StoppingRetryAfterSeconds);
    }

    public void Dispose() => _fetches.Dispose();
}
