using PresenceAgent.Sip.Core;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Hosting;

/// <summary>
/// Runs the SIP side with the host: starts the stack after the HTTP side, and on shutdown stops admitting new
/// subscriptions (503 with Retry-After), then sends every watcher <c>terminated;reason=deactivated</c> (RFC 6665
/// §4.1.3: subscribe again at once) before closing the sockets.
/// </summary>
internal sealed class SipAgentService : IHostedLifecycleService
{
    /// <summary>How long shutdown waits for the final NOTIFYs to be answered; under Timer F (32 s).</summary>
    private static readonly TimeSpan s_drainTime = TimeSpan.FromSeconds(5);

    private readonly SipStack _stack;
    private readonly SubscribeHandler _handler;
    private readonly ISipRequestHandler[] _handlers;
    private readonly Notifier _notifier;
    private readonly ILogger<SipAgentService> _logger;

    public SipAgentService(SipStack stack, SubscribeHandler handler, IEnumerable<ISipRequestHandler> handlers, Notifier notifier,
        ILogger<SipAgentService> logger)
    {
        _stack = stack;
        _handler = handler;
        _handlers = [.. handlers];
        _notifier = notifier;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// SIP opens once everything else has started, the HTTP side included: presence documents link to avatars
    /// by the address Kestrel bound, which is known only then.
    /// </summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        try
        {
            Warmup.Run();
        }
        catch (Exception ex)
        {
            // Warming up only saves the first watchers a JIT pause; a fault in it must not keep SIP closed.
            HostingLog.WarmupFailed(_logger, ex);
        }

        try
        {
            await _stack.StartAsync(_handlers, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // The stack names the listener and the reason (address in use, not on this host).
            throw new StartupFaultException($"SIP cannot listen: {ex.Message}", ex);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // First, so a watcher answering the deactivated NOTIFY with a new SUBSCRIBE hears "later", not a 200 and then nothing.
        _handler.StopAdmitting();
        var n = _notifier.TerminateAll(TerminationReason.Deactivated);
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
