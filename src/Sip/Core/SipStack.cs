using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PresenceAgent.Sip.Dialogs;
using PresenceAgent.Sip.Logging;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Telemetry;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// The SIP stack as the host sees it: listeners, transactions and a UAS core in front of the host's
/// <see cref="ISipRequestHandler"/>s (one per method), plus non-INVITE client transactions for the requests the host sends (NOTIFY).
/// </summary>
public sealed class SipStack : IAsyncDisposable
{
    private readonly SipStackOptions _options;
    private readonly ResponseStamp _stamp;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SipTransportLayer _transport;
    private readonly TransactionLayer _transactions;
    private readonly ServedHosts _served = new();
    private readonly PeerTrust _trust;
    private readonly PeerLogSampler _rateLimitLog;
    private readonly SourceRateLimiter _rateLimiter;
    private readonly CancellationTokenSource _stopping = new();
    private int _state;

    /// <summary>
    /// Checks <paramref name="options"/>, throwing <see cref="OptionsValidationException"/> naming every fault. With a
    /// <paramref name="meterFactory"/>, the stack's instruments (meter <c>PresenceAgent.Sip</c>: responses, parse
    /// failures, TLS handshakes) are created on it; the stack counts either way, an atomic add per event.
    /// </summary>
    public SipStack(SipStackOptions options, TimeProvider timeProvider, ILoggerFactory loggerFactory, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var validation = new SipStackOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(nameof(SipStackOptions), typeof(SipStackOptions), validation.Failures);
        }

        _options = options;
        _stamp = new ResponseStamp(options.ServerHeader, options.DiagnosticsHeader);
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SipStack>();
        var metrics = new SipMetrics();
        if (meterFactory is not null)
        {
            metrics.Publish(meterFactory);
        }

        _transport = new SipTransportLayer(
            new TransportSettings
            {
                Limits = options.Limits,
                ViaHost = options.Host,
                ResponseStamp = _stamp,
                MessageTrace = options.MessageTrace,
                ConnectTimeout = options.Timers.TransactionTimeout,
                Tls = options.Tls,
                Hosts = options.Hosts.ToDictionary(h => h.Key, h => Addresses.TryParseLiteral(h.Value)!),
                Dns = options.Dns,
                IsTrustedAddress = IsTrustedAddress,
                Metrics = metrics,
            },
            timeProvider,
            loggerFactory);
        _transactions = new TransactionLayer(_transport, options.Timers, options.Transactions, timeProvider, loggerFactory.CreateLogger<TransactionLayer>(), metrics);
        _transport.Sink = _transactions;
        _trust = new PeerTrust(options, () => _transport.LocalEndPoints, _transport.PeerCertificateNamesOf);
        _rateLimiter = new SourceRateLimiter(options.RateLimits, timeProvider);
        _rateLimitLog = new PeerLogSampler(options.Limits.LogSampleInterval, options.Limits.MaxTrackedAddresses, timeProvider);
    }

    /// <summary>The bound endpoints, one per listener, with real ports when 0 was configured. Empty before start.</summary>
    public IReadOnlyList<SipListenerEndPoint> LocalEndPoints => _transport.LocalEndPoints;

    /// <summary>
    /// The TLS certificate new handshakes get, kept current when its files change; null before start or without one.
    /// Other TLS servers of the host (the avatars over HTTPS) present the same one.
    /// </summary>
    public SslStreamCertificateContext? TlsCertificate => _transport.TlsCertificate;

    /// <summary>
    /// Loads the TLS files, binds the listeners and starts serving, each request going to the handler of its method.
    /// Throws <see cref="ArgumentException"/> for a handler claiming INVITE, ACK or another's method, and
    /// <see cref="InvalidOperationException"/> if a TLS file cannot be used or a bind fails. Handlers come here, not to
    /// the constructor, since they send through the stack (NOTIFY): stack first, then its handlers, then start.
    /// </summary>
    public Task StartAsync(IReadOnlyList<ISipRequestHandler> handlers, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var served = new RequestHandlers(handlers);
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
        {
            throw new InvalidOperationException("The SIP stack was already started.");
        }

        foreach (var domain in _options.Domains)
        {
            _served.Add(domain);
        }

        _served.Add(_options.Host);

        // Filled before the sockets open: the set is read without a lock by the receive loops.
        foreach (var listener in _options.Listeners)
        {
            _served.Add(IPAddress.Parse(listener.Address));
        }

        _transactions.User = new UserAgentCore(served, _transactions, _served, _trust, _rateLimiter, _rateLimitLog, _stamp, _transport.UdpOverflow, _options.Limits,
            _loggerFactory.CreateLogger<UserAgentCore>(), _stopping.Token);
        try
        {
            _transport.Start(_options.Listeners);
        }
        catch
        {
            Volatile.Write(ref _state, 0);
            throw;
        }

        CoreLog.StackStarted(_logger, string.Join(", ", _transport.LocalEndPoints));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends a non-INVITE request (NOTIFY) in a client transaction and reports how it ended. The stack adds the top
    /// Via and Max-Forwards (70) and picks the next hop: the first Route if it is a loose router, else the
    /// Request-URI (a strict-router route set is rewritten in place per RFC 3261 §12.2.1.1), whose host is resolved per
    /// RFC 3263 (NAPTR, SRV, A/AAAA). A transport error, a timeout or a 503 from one target moves on to the next within
    /// Timer F; the result is that of the last target tried. When <paramref name="preferredFlow"/> is a TCP or TLS
    /// connection that is still open, the request goes on it instead. The returned task never faults for network
    /// reasons: see <see cref="ClientTransactionResult.Outcome"/>.
    /// <para>
    /// <paramref name="preferredFlow"/> is the flow of the peer's request (a watcher's SUBSCRIBE). Unless that peer is
    /// trusted (<see cref="SipStackOptions.TrustedPeers"/>), the next hop is followed only when it names the address the
    /// request came from; otherwise the request goes to that address and port, so a Contact or route set cannot aim
    /// our requests at other hosts. Without a flow the next hop is followed: the caller vouches for it.
    /// </para>
    /// </summary>
    public Task<ClientTransactionResult> SendRequestAsync(SipRequest request, SipFlow? preferredFlow = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method is SipMethods.Invite or SipMethods.Ack or SipMethods.Cancel)
        {
            throw new ArgumentException($"{request.Method} is not sent by this stack; only non-INVITE client transactions run here.", nameof(request));
        }

        if (Volatile.Read(ref _state) != 1)
        {
            throw new InvalidOperationException("The SIP stack is not running.");
        }

        var toSourceOnly = preferredFlow is { } flow && !_trust.IsTrusted(flow);
        return _transactions.SendRequestAsync(request, preferredFlow, toSourceOnly, cancellationToken);
    }

    /// <summary>
    /// Sends a request within a dialog (<see cref="Dialog.NewRequest"/>) as <see cref="SendRequestAsync(SipRequest, SipFlow?, CancellationToken)"/>
    /// sends a message, to the same places, and tells <paramref name="completion"/> how it ended (never for network
    /// reasons through <see cref="IRequestCompletion.Faulted"/>). Over UDP to a next hop known without a lookup it is
    /// written from the dialog's pre-written lines straight into the buffer kept for its retransmissions.
    /// </summary>
    public void SendDialogRequest(DialogRequest request, SipFlow? preferredFlow, IRequestCompletion completion)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(completion);
        if (request.Method is SipMethods.Invite or SipMethods.Ack or SipMethods.Cancel)
        {
            throw new ArgumentException($"{request.Method} is not sent by this stack; only non-INVITE client transactions run here.", nameof(request));
        }

        if (Volatile.Read(ref _state) != 1)
        {
            throw new InvalidOperationException("The SIP stack is not running.");
        }

        var toSourceOnly = preferredFlow is { } flow && !_trust.IsTrusted(flow);
        _transactions.SendDialogRequest(request, preferredFlow, toSourceOnly, completion);
    }

    /// <summary><see cref="FitsUdpBudget(IPAddress, SipRequest)"/> for a request within a dialog, which it need not write to tell.</summary>
    public bool FitsUdpBudget(IPAddress address, DialogRequest request)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(request);
        return _transport.FitsUdpBudget(address, request);
    }

    /// <summary>
    /// Whether <paramref name="request"/> (before the stack's Via and Max-Forwards) could go over UDP to
    /// <paramref name="address"/> now within <see cref="SipLimits.AmplificationFactor"/>,
    /// spending nothing: always for a trusted address or one that answered one of our requests. A caller with state
    /// too big for an address that has not answered yet can send a smaller request first, whose answer proves the
    /// address (RFC 9000 §8.1 address validation).
    /// </summary>
    public bool FitsUdpBudget(IPAddress address, SipRequest request)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(request);
        return _transport.FitsUdpBudget(address, request);
    }

    /// <summary>Transaction timers running; tests wait on it to know a timer was set before moving virtual time.</summary>
    internal int PendingTransactionTimers => _transactions.TransactionTimers.Pending;

    /// <summary>Memory held by completed transactions; tests check it stays within its budget.</summary>
    internal long CompletedTransactionBytes => _transactions.CompletedBytes;

    /// <summary>
    /// A Contact URI reaching this agent over <paramref name="protocol"/>: Host (else the listener
    /// address), the listener port, and <c>transport=tcp</c> or <c>transport=tls</c> (the sip: form Lync uses for TLS).
    /// </summary>
    public SipUri GetContactUri(TransportProtocol protocol) => GetContactUri(protocol, null);

    /// <summary>
    /// Our Contact for a flow: the listener the flow arrived on when known (so a watcher on IPv6 is given an IPv6
    /// contact), else the first listener of the protocol.
    /// </summary>
    public SipUri GetContactUri(TransportProtocol protocol, IPEndPoint? localEndPoint)
    {
        SipListenerEndPoint? chosen = null;
        foreach (var endPoint in _transport.LocalEndPoints)
        {
            if (endPoint.Protocol != protocol)
            {
                continue;
            }

            chosen ??= endPoint;
            if (localEndPoint is not null && endPoint.EndPoint.Port == localEndPoint.Port &&
                endPoint.EndPoint.AddressFamily == localEndPoint.AddressFamily)
            {
                chosen = endPoint;
                break;
            }
        }

        if (chosen is not { } listener)
        {
            throw new InvalidOperationException($"No {protocol} listener is running.");
        }

        var host = _options.Host ?? Addresses.ToHost(listener.EndPoint.Address);
        var uri = new SipUri("sip", null, host, listener.EndPoint.Port);
        if (protocol != TransportProtocol.Udp)
        {
            uri.Parameters.Set("transport", protocol.ToString().ToLowerInvariant());
        }

        return uri;
    }

    /// <summary>Stops listening, closes connections, and ends pending client transactions with a transport error.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _transport.StopAsync().ConfigureAwait(false);
        _transactions.Stop();
        CoreLog.StackStopped(_logger);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _transport.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>For the transport, which is built before the trust it asks (the trust needs its listeners).</summary>
    private bool IsTrustedAddress(IPAddress address) => _trust.IsTrustedAddress(address);
}
