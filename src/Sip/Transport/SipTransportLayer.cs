using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// The transport layer (RFC 3261 §18): listeners, the TCP/TLS connection table, framing and parsing of what arrives,
/// and routing of what we send. Split by concern: receiving in <c>.Receive.cs</c>, sending in <c>.Send.cs</c>.
/// </summary>
internal sealed partial class SipTransportLayer : ISipTransport, IAsyncDisposable
{
    /// <summary>The logger category of the optional full-message trace.</summary>
    public const string TraceCategory = "PresenceAgent.Sip.Trace";

    private readonly TransportSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ILogger _trace;
    private readonly ISipTargetResolver _resolver;
    private readonly LastLiteralHop _lastLiteralHop = new();
    private readonly TcpConnectionTable _connections;
    private readonly AmplificationLimit _amplification;
    private readonly MalformedResponseLimit _malformed;
    private readonly ConcurrentDictionary<(IPEndPoint, TransportProtocol), Task<SipTcpConnection?>> _connecting = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<SipUdpListener> _udp = [];
    private readonly List<SipTcpListener> _tcp = [];
    private ISipTransportSink? _sink;
    private SipTlsContext? _tls;

    /// <summary>The current TLS certificate once started with one, else null.</summary>
    public SslStreamCertificateContext? TlsCertificate => _tls?.Certificate;

    internal Telemetry.SipMetrics Metrics => _settings.Metrics;

    /// <summary>Whether a UDP receive queue is overflowing now, for the UAS core to turn new subscriptions away.</summary>
    internal UdpOverflow UdpOverflow { get; } = new();
    private int _stopped;

    public SipTransportLayer(TransportSettings settings, TimeProvider time, ILoggerFactory loggerFactory)
    {
        _settings = settings;
        _time = time;
        _logger = loggerFactory.CreateLogger<SipTransportLayer>();
        _trace = loggerFactory.CreateLogger(TraceCategory);
        _resolver = new SipTargetResolver(settings.Dns, settings.Hosts, time, loggerFactory.CreateLogger<SipTargetResolver>());
        var limits = settings.Limits;
        _connections = new TcpConnectionTable(limits);
        _amplification = new AmplificationLimit(limits.AmplificationFactor, limits.MaxTrackedAddresses, settings.IsTrustedAddress);
        _malformed = new MalformedResponseLimit(limits.MalformedResponseBurst, limits.MalformedResponseInterval, limits.MaxTrackedAddresses);
        Warnings = new PeerWarnings(limits, time, _logger);
    }

    /// <summary>Where received messages go; set once before <see cref="Start"/>.</summary>
    public ISipTransportSink Sink
    {
        get => _sink ?? throw new InvalidOperationException("The transport has no sink.");
        set => _sink = value;
    }

    public IReadOnlyList<SipListenerEndPoint> LocalEndPoints { get; private set; } = [];

    internal TcpConnectionTable Connections => _connections;

    /// <summary>The transport's peer-triggered warnings, sampled per peer.</summary>
    internal PeerWarnings Warnings { get; }

    /// <summary>UDP sends withheld by <see cref="SipLimits.AmplificationFactor"/> so far.</summary>
    internal long UdpSendsWithheld => _amplification.Withheld;

    /// <summary>Malformed requests left unanswered by <see cref="SipLimits.MalformedResponseBurst"/> so far.</summary>
    internal long MalformedRequestsUnanswered => _malformed.Unanswered;

    /// <summary>
    /// <paramref name="address"/> answered one of our requests (a response matched a client transaction): it receives
    /// what we send there, so UDP sends to it are no longer held to <see cref="SipLimits.AmplificationFactor"/>
    /// (RFC 9000 §8.1 address validation). The transaction layer calls it; the transport cannot tell a matching
    /// response from a forged one.
    /// </summary>
    public void AddressAnswered(IPAddress address) => _amplification.Validate(address);

    /// <summary>
    /// Whether <paramref name="request"/> could go over UDP to <paramref name="address"/> now, counting nothing. An
    /// address that answered (the usual case) is told so without serializing; otherwise the Via and Max-Forwards we
    /// add are counted at their longest (an IPv6 or configured host, a five-digit port), so a yes is never wrong.
    /// </summary>
    public bool FitsUdpBudget(IPAddress address, SipRequest request) =>
        _amplification.HasAnswered(address) ||
        _amplification.Allows(address, SipMessageWriter.ToArray(request).Length + AddedRequestHeaderBytes + (_settings.ViaHost?.Length ?? MaxAddressHostLength));

    /// <summary>Counts a datagram from <paramref name="address"/>, parsed or not, towards what we may send it.</summary>
    internal void OnDatagramReceived(IPAddress address, int bytes) => _amplification.Received(address, bytes);

    /// <summary>
    /// Loads the TLS certificate and trust store, binds every listener (all or none) and starts the receive and accept
    /// loops. Throws <see cref="InvalidOperationException"/> when a TLS file cannot be used or a bind fails.
    /// </summary>
    public void Start(IReadOnlyList<SipListenerOptions> listeners)
    {
        _tls = SipTlsContext.Create(_settings.Tls, _time, _logger);
        var endPoints = new List<SipListenerEndPoint>(listeners.Count);
        try
        {
            foreach (var options in listeners)
            {
                var requested = new IPEndPoint(IPAddress.Parse(options.Address), options.PortOrDefault);
                try
                {
                    IPEndPoint bound;
                    if (options.Protocol == TransportProtocol.Udp)
                    {
                        var udp = SipUdpListener.Bind(requested, this, _logger, _settings.Limits.MaxDatagramSize);
                        _udp.Add(udp);
                        bound = udp.LocalEndPoint;
                    }
                    else
                    {
                        if (options.Protocol == TransportProtocol.Tls && !_tls.HasCertificate)
                        {
                            throw new InvalidOperationException($"Cannot listen on {options.Protocol} {requested}: TLS needs a certificate (Tls.CertificatePath).");
                        }

                        var tcp = SipTcpListener.Bind(requested, options.Protocol, this, _logger);
                        _tcp.Add(tcp);
                        bound = tcp.LocalEndPoint;
                    }

                    endPoints.Add(new SipListenerEndPoint(options.Protocol, bound));
                }
                catch (SocketException ex)
                {
                    throw new InvalidOperationException($"Cannot listen on {options.Protocol} {requested}: {ex.Message}", ex);
                }
            }
        }
        catch
        {
            DisposeListeners();
            _udp.Clear();
            _tcp.Clear();
            _tls.Dispose();
            throw;
        }

        foreach (var udp in _udp)
        {
            udp.Start(_settings.UdpReceiveLoops, _stopping.Token);
        }

        foreach (var tcp in _tcp)
        {
            tcp.Start(_stopping.Token);
        }

        LocalEndPoints = endPoints;
        foreach (var ep in endPoints)
        {
            TransportLog.ListenerStarted(_logger, ep.Protocol, ep.EndPoint);
        }
    }

    /// <summary>Stops accepting and receiving, closes every connection, and waits for the loops to end.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        DisposeListeners();

        // Connections leave the table as they close, so take the list first.
        var connections = _connections.All.ToList();
        foreach (var connection in connections)
        {
            connection.Close("stack stopping");
        }

        var loops = new List<Task>();
        loops.AddRange(_udp.Select(u => u.Completion));
        loops.AddRange(_tcp.Select(t => t.Completion));
        loops.AddRange(connections.Select(c => c.Completion));
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Loops end by these when their sockets go away; nothing left to do.
        }

        _tls?.Dispose();
        foreach (var ep in LocalEndPoints)
        {
            TransportLog.ListenerStopped(_logger, ep.Protocol, ep.EndPoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>
    /// Takes an accepted socket, or closes it at once when it would pass MaxConnections or, for its host,
    /// MaxConnectionsPerAddress (before any TLS work, so a flood of handshakes is capped too).
    /// </summary>
    internal void OnAccepted(Socket socket, IPEndPoint listener, TransportProtocol protocol)
    {
        IPEndPoint remote;
        IPEndPoint local;
        try
        {
            remote = (IPEndPoint)socket.RemoteEndPoint!;
            local = (IPEndPoint)socket.LocalEndPoint!;
            socket.NoDelay = true;
        }
        catch (SocketException)
        {
            // Reset before we looked at it.
            socket.Dispose();
            return;
        }

        if (_stopping.IsCancellationRequested)
        {
            socket.Dispose();
            return;
        }

        if (_connections.TryReserveInbound(remote.Address) is var refused && refused != ConnectionLimit.None)
        {
            Warnings.ConnectionRefused(remote, refused);
            socket.Dispose();
            return;
        }

        SipTcpConnection connection;
        try
        {
            TransportLog.ConnectionAccepted(_logger, remote, listener);
            connection = new SipTcpConnection(socket, new SipFlow(protocol, local, remote), inbound: true, this, _settings.Limits, _time, _logger,
                protocol == TransportProtocol.Tls ? _tls : null);
        }
        catch
        {
            // The accept loop logs it and closes the socket; the place it held is given back here.
            _connections.Release(remote.Address, inbound: true);
            throw;
        }

        _connections.Add(connection);
        connection.Start();
    }

    internal void OnConnectionClosed(SipTcpConnection connection) => _connections.Remove(connection);

    /// <summary>The names the client certificate of the accepted TLS connection <paramref name="flow"/> presented; empty otherwise.</summary>
    public IReadOnlyList<string> PeerCertificateNamesOf(SipFlow flow) =>
        flow.Protocol == TransportProtocol.Tls && _connections.Find(flow.RemoteEndPoint, flow.Protocol) is { IsInbound: true } connection
            ? connection.PeerCertificateNames
            : [];

    private void DisposeListeners()
    {
        foreach (var udp in _udp)
        {
            udp.Dispose();
        }

        foreach (var tcp in _tcp)
        {
            tcp.Dispose();
        }
    }
}
