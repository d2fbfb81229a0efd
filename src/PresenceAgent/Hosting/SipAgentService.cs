using PresenceAgent.Sip.Core;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Hosting;

/// <summary>
/// Runs the SIP side with the host: starts the stack, and on shutdown sends every watcher
/// <c>terminated;reason=deactivated</c> (RFC 6665 §4.1.3: subscribe again at once) before closing the sockets.
/// </summary>
internal sealed class SipAgentService : IHostedService
{
    /// <summary>How long shutdown waits for the final NOTIFYs to be answered; under Timer F (32 s).</summary>
    private static readonly TimeSpan s_drainTime = TimeSpan.FromSeconds(5);

    private readonly SipStack _stack;
    private readonly SubscribeHandler _handler;
    private readonly Notifier _notifier;
    private readonly ILogger<SipAgentService> _logger;

    public SipAgentService(SipStack stack, SubscribeHandler handler, Notifier notifier, ILogger<SipAgentService> logger)
    {
        _stack = stack;
        _handler = handler;
        _notifier = notifier;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken) => _stack.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var n = _handler.TerminateAll(TerminationReason.Deactivated);
        SubscriptionLog.Deactivating(_logger, n);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(s_drainTime);
        try
        {
            await _notifier.DrainAsync(drain.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            SubscriptionLog.DeactivationIncomplete(_logger, _notifier.InFlight);
            _notifier.Abandon();
        }

        await _stack.StopAsync().ConfigureAwait(false);
        _handler.Dispose();
    }
}
