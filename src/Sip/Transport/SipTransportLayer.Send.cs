using System.Net;
using System.Net.Sockets;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Writing;

namespace PresenceAgent.Sip.Transport;

internal sealed partial class SipTransportLayer
{
    /// <summary>RFC 3261 §18.1.1: a request larger than this, when the path MTU is unknown, goes over TCP.</summary>
    internal const int MaxUdpRequestBytes = 1300;

    private const string DefaultMaxForwards = "70";

    /// <summary>
    /// What <see cref="SerializeWithVia"/> and <see cref="AddMaxForwards"/> add besides the Via host:
    /// <c>Via: SIP/2.0/UDP </c>, <c>:65535;branch=</c>, a branch, <c>;rport</c> and CRLF, then <c>Max-Forwards: 70</c> and CRLF.
    /// </summary>
    private const int AddedRequestHeaderBytes = 17 + 14 + SipIds.BranchLength + 8 + 18;

    /// <summary>The longest host an address gives a Via: a bracketed IPv6 address with an IPv4 tail.</summary>
    private const int MaxAddressHostLength = 47;

    public ValueTask<OutboundMessage?> SendOnFlowAsync(SipRequest request, SipFlow flow, string branch)
    {
        // A TCP or TLS connection the peer opened to us (the SUBSCRIBE's) is used while open: a watcher behind NAT or a
        // proxy that did not Record-Route can only be reached on it (the idea of RFC 5626 §5.3 flows).
        if (!flow.Protocol.IsStream() || _connections.Find(flow.RemoteEndPoint, flow.Protocol) is not { } connection)
        {
            return ValueTask.FromResult<OutboundMessage?>(null);
        }

        AddMaxForwards(request);
        return SendOnConnectionAsync(connection, request, branch);
    }

    public ValueTask<NextHopTargets> LocateAsync(SipRequest request, CancellationToken cancellationToken) =>
        !request.Headers.Contains(HeaderKind.Route) && _lastLiteralHop.TryGet(request.RequestUriBytes, out var hop)
            ? ValueTask.FromResult(hop)
            : LocateByUriAsync(request, cancellationToken);

    private async ValueTask<NextHopTargets> LocateByUriAsync(SipRequest request, CancellationToken cancellationToken)
    {
        var byRequestUri = !request.Headers.Contains(HeaderKind.Route);
        if (!NextHop.TryGet(request, out var hop, out var error))
        {
            TransportLog.NoRoute(_logger, SipFailure.Sanitize(request.Method), SipFailure.Sanitize(request.RequestUri.ToString()), error);
            return new NextHopTargets(request.RequestUri, []);
        }

        // transport=ws/sctp, or sips: over UDP, is a transport we do not run.
        if (!TransportProtocolExtensions.TryParseUriTransport(hop.Scheme, hop.Transport, out var transport))
        {
            TransportLog.NoRoute(_logger, SipFailure.Sanitize(request.Method), SipFailure.Sanitize(hop.ToString()), "its scheme or transport is not supported");
            return new NextHopTargets(hop, []);
        }

        var targets = await _resolver.ResolveAsync(hop.Host, hop.Port, transport, cancellationToken).ConfigureAwait(false);
        var usable = WithUdpListener(targets);
        if (usable.Count == 0)
        {
            TransportLog.NoRoute(_logger, SipFailure.Sanitize(request.Method), SipFailure.Sanitize(hop.ToString()), targets.Count == 0 ? "no address" : "no UDP listener for the family of its addresses");
        }

        var located = new NextHopTargets(hop, usable);
        if (byRequestUri)
        {
            _lastLiteralHop.Remember(located);
        }

        return located;
    }

    public async ValueTask<OutboundMessage?> SendRequestAsync(SipRequest request, SipUri nextHop, SipTarget target, string branch, TimeSpan timeout, bool mayUseTcp, CancellationToken cancellationToken)
    {
        AddMaxForwards(request);
        if (target.Protocol.IsStream())
        {
            // A TLS server's certificate must name the URI's host, the domain the request is meant for (RFC 5922);
            // SNI carries it.
            return await GetOrConnectAsync(target.EndPoint, target.Protocol, nextHop.HostWithoutBrackets, timeout, cancellationToken).ConfigureAwait(false) is { } connection
                ? await SendOnConnectionAsync(connection, request, branch).ConfigureAwait(false)
                : null;
        }

        if (FindUdpListener(target.EndPoint.AddressFamily, null) is not { } udp)
        {
            return null;
        }

        var head = SerializeWithVia(request, TransportProtocol.Udp, _settings.ViaHost ?? udp.Host, udp.LocalEndPoint.Port, branch, withBody: false);
        var length = head.Length + request.Body.Length;
        if (length > MaxUdpRequestBytes || !_amplification.Allows(target.EndPoint.Address, length))
        {
            // §18.1.1: too big for UDP without a known MTU, so TCP, even where the URI says transport=udp (the rule
            // is about size). TCP too when the request would pass the UDP budget of an address that has not answered
            // us: every SIP element implements TCP (§18), and its handshake proves the address, so the request goes
            // whole. If no TCP connection can be made, UDP after all (within the budget): the only way left. Not to an
            // untrusted peer's source until it has answered us: a forged UDP packet names any host and port there.
            if ((mayUseTcp || _amplification.HasAnswered(target.EndPoint.Address)) &&
                await GetOrConnectAsync(target.EndPoint, TransportProtocol.Tcp, nextHop.HostWithoutBrackets, timeout, cancellationToken).ConfigureAwait(false) is { } big &&
                await SendOnConnectionAsync(big, request, branch).ConfigureAwait(false) is { } sent)
            {
                return sent;
            }

            head = SerializeWithVia(request, TransportProtocol.Udp, _settings.ViaHost ?? udp.Host, udp.LocalEndPoint.Port, branch, withBody: false);
        }

        // The body goes out from where it is: a fan-out's NOTIFYs share one rendered document.
        var message = new OutboundMessage(new SipFlow(TransportProtocol.Udp, udp.LocalEndPoint, target.EndPoint), head, request.Body);
        if (!MaySendUdp(message.Length, target.EndPoint) || !udp.Send(head, request.Body.Span, target.EndPoint))
        {
            return null;
        }

        TraceSent(message);
        return message;
    }

    public async ValueTask<OutboundMessage?> SendResponseAsync(SipResponse response, SipFlow requestFlow)
    {
        // Stamped here rather than on receipt, so a request answered through ResponseWriter is never stamped as objects.
        ViaStamper.Stamp(response, requestFlow.RemoteEndPoint);
        if (response.TopVia is not { } via)
        {
            TransportLog.NoRoute(_logger, "response", requestFlow.RemoteEndPoint.ToString(), "no Via");
            return null;
        }

        var bytes = SipMessageWriter.ToArray(response);
        var host = via.Received ?? via.Host;
        if (requestFlow.Protocol.IsStream())
        {
            // RFC 3261 §18.2.2: on the connection the request came on; if it is gone, a new one to received (or the
            // sent-by host) and the sent-by port. Over TLS the sent-by host is the name the certificate must carry.
            var connection = _connections.Find(requestFlow.RemoteEndPoint, requestFlow.Protocol);
            if (connection is null &&
                await ResolveOneAsync(host, via.Port ?? requestFlow.Protocol.DefaultPort()).ConfigureAwait(false) is { } back)
            {
                connection = await GetOrConnectAsync(back, requestFlow.Protocol, Addresses.StripBrackets(via.Host), Timeout.InfiniteTimeSpan, _stopping.Token).ConfigureAwait(false);
            }

            if (connection is null || !await connection.SendAsync(bytes).ConfigureAwait(false))
            {
                return null;
            }

            TraceMessage(received: false, connection.Flow, bytes);
            return new OutboundMessage(connection.Flow, bytes);
        }

        // RFC 3261 §18.2.2 with RFC 3581 §4: to received (or the sent-by host), at rport when present, else the
        // sent-by port. maddr is ignored: it is for multicast, which a presence agent does not answer.
        var port = via.RPort ?? via.Port ?? TransportProtocol.Udp.DefaultPort();
        if (await ResolveOneAsync(host, port).ConfigureAwait(false) is not { } destination ||
            FindUdpListener(destination.AddressFamily, requestFlow.LocalEndPoint) is not { } udp)
        {
            TransportLog.NoRoute(_logger, "response", SipFailure.Sanitize($"{host}:{port}"), "no address or no UDP listener for it");
            return null;
        }

        var flow = new SipFlow(TransportProtocol.Udp, udp.LocalEndPoint, destination);
        if (!MaySendUdp(bytes.Length, destination) || !udp.Send(bytes, destination))
        {
            return null;
        }

        TraceMessage(received: false, flow, bytes);
        return new OutboundMessage(flow, bytes);
    }

    public async ValueTask<bool> ResendAsync(OutboundMessage message)
    {
        var flow = message.Flow;
        bool sent;
        if (flow.Protocol == TransportProtocol.Udp)
        {
            if (FindUdpListener(flow.RemoteEndPoint.AddressFamily, flow.LocalEndPoint) is not { } udp)
            {
                return false;
            }

            if (!MaySendUdp(message.Length, flow.RemoteEndPoint))
            {
                // Withheld like a datagram lost on the way: the transaction's timers go on, so an answer to a copy that
                // did go out still completes it (and validates the address), where a failure would end it at once.
                return true;
            }

            sent = udp.Send(message.Head.Span, message.Body.Span, flow.RemoteEndPoint);
        }
        else
        {
            // A message sent on a connection is kept whole.
            sent = _connections.Find(flow.RemoteEndPoint, flow.Protocol) is { } connection &&
                   await connection.SendAsync(message.Head).ConfigureAwait(false);
        }

        if (sent)
        {
            TraceSent(message);
        }

        return sent;
    }

    private async ValueTask<OutboundMessage?> SendOnConnectionAsync(SipTcpConnection connection, SipRequest request, string branch)
    {
        var local = connection.Flow.LocalEndPoint;
        var protocol = connection.Flow.Protocol;
        var listener = FindStreamListener(protocol, local.AddressFamily);

        // sent-by names the listener, so the peer could connect back if this connection goes (RFC 3261 §18.2.2).
        var host = ViaHostOf(listener is not null && !Addresses.IsWildcard(listener.LocalEndPoint.Address) ? listener.LocalEndPoint.Address : local.Address);
        var bytes = SerializeWithVia(request, protocol, host, listener?.LocalEndPoint.Port, branch);
        if (!await connection.SendAsync(bytes).ConfigureAwait(false))
        {
            return null;
        }

        TraceMessage(received: false, connection.Flow, bytes);
        return new OutboundMessage(connection.Flow, bytes);
    }

    /// <summary>
    /// Whether <paramref name="bytes"/> may go over UDP to <paramref name="remote"/> under
    /// <see cref="SipLimits.AmplificationFactor"/>; a withheld send is logged and counted.
    /// </summary>
    private bool MaySendUdp(int bytes, IPEndPoint remote)
    {
        if (_amplification.TrySend(remote.Address, bytes, out var sent, out var received))
        {
            return true;
        }

        TransportLog.AmplificationLimited(_logger, bytes, remote, sent, received, _settings.Limits.AmplificationFactor);
        return false;
    }

    /// <summary>Puts our Via on top (replacing the one we put on an earlier try) and serializes (RFC 3261 §8.1.1.7, RFC 3581 §3).</summary>
    private static byte[] SerializeWithVia(SipRequest request, TransportProtocol protocol, string host, int? port, string branch, bool withBody = true)
    {
        var via = port is { } p
            ? $"SIP/2.0/{protocol.ViaToken()} {host}:{p};branch={branch};rport"
            : $"SIP/2.0/{protocol.ViaToken()} {host};branch={branch};rport";
        if (request.Headers.Count > 0 && request.Headers[0].Kind == HeaderKind.Via && request.Headers[0].Value.Contains(branch, StringComparison.Ordinal))
        {
            request.Headers.Replace(0, via);
        }
        else
        {
            request.Headers.Prepend(HeaderKind.Via, via);
        }

        return withBody ? SipMessageWriter.ToArray(request) : SipMessageWriter.HeadToArray(request);
    }

    private string ViaHostOf(IPAddress listenerAddress) => _settings.ViaHost ?? Addresses.ToHost(listenerAddress);

    private SipUdpListener? FindUdpListener(AddressFamily family, IPEndPoint? preferredLocal)
    {
        SipUdpListener? any = null;
        foreach (var udp in _udp)
        {
            if (preferredLocal is not null && udp.LocalEndPoint.Equals(preferredLocal))
            {
                return udp;
            }

            if (any is null && udp.LocalEndPoint.AddressFamily == family)
            {
                any = udp;
            }
        }

        return any;
    }

    private SipTcpListener? FindStreamListener(TransportProtocol protocol, AddressFamily family)
    {
        foreach (var tcp in _tcp)
        {
            if (tcp.Protocol == protocol && tcp.LocalEndPoint.AddressFamily == family)
            {
                return tcp;
            }
        }

        return null;
    }

    private async ValueTask<IPEndPoint?> ResolveOneAsync(string host, int port)
    {
        // A response goes back to the Via's host and port: A/AAAA only (RFC 3263 §5 with the port known).
        var targets = await _resolver.ResolveAsync(host, port, TransportProtocol.Udp, _stopping.Token).ConfigureAwait(false);
        return targets.Count > 0 ? targets[0].EndPoint : null;
    }

    /// <summary>
    /// <paramref name="targets"/> without the UDP ones of an address family we have no UDP listener for (they would
    /// only fail); the same list when nothing is dropped, the usual case.
    /// </summary>
    private IReadOnlyList<SipTarget> WithUdpListener(IReadOnlyList<SipTarget> targets)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            if (!IsSendable(targets[i]))
            {
                return targets.Where(IsSendable).ToList();
            }
        }

        return targets;
    }

    private bool IsSendable(SipTarget target) =>
        target.Protocol != TransportProtocol.Udp || FindUdpListener(target.EndPoint.AddressFamily, null) is not null;

    private static void AddMaxForwards(SipRequest request)
    {
        // RFC 3261 §8.1.1.6: a UAC MUST insert Max-Forwards, 70 by default.
        if (!request.Headers.Contains(HeaderKind.MaxForwards))
        {
            request.Headers.Add(HeaderKind.MaxForwards, DefaultMaxForwards);
        }
    }

    /// <summary>
    /// The open connection to <paramref name="remote"/> over <paramref name="protocol"/>, whoever opened it, or a new
    /// one; concurrent callers share one connect (and, for TLS, the first caller's <paramref name="serverName"/>). A
    /// caller waits at most <paramref name="timeout"/>; the connect goes on for later callers.
    /// </summary>
    private async ValueTask<SipTcpConnection?> GetOrConnectAsync(IPEndPoint remote, TransportProtocol protocol, string serverName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_connections.Find(remote, protocol) is { } open)
        {
            return open;
        }

        var key = (remote, protocol);
        var pending = _connecting.GetOrAdd(key, static (k, state) => state.Self.ConnectAsync(k.Item1, k.Item2, state.ServerName), (Self: this, ServerName: serverName));
        try
        {
            return await pending.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            TransportLog.ConnectFailed(_logger, remote, $"not connected within {timeout}");
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            if (pending.IsCompleted)
            {
                _connecting.TryRemove(new KeyValuePair<(IPEndPoint, TransportProtocol), Task<SipTcpConnection?>>(key, pending));
            }
        }
    }

    /// <summary>
    /// Opens a connection within the outbound limits and <see cref="SipLimits.ConnectTimeout"/>; null (logged) when a
    /// limit refuses it, the connect fails or times out, or a TLS handshake fails.
    /// </summary>
    private async Task<SipTcpConnection?> ConnectAsync(IPEndPoint remote, TransportProtocol protocol, string serverName)
    {
        if (_connections.TryReserveOutbound(remote.Address) is var refused && refused != ConnectionLimit.None)
        {
            Warnings.OutboundRefused(remote, refused);
            return null;
        }

        var connectTimeout = _settings.Limits.ConnectTimeout < _settings.ConnectTimeout ? _settings.Limits.ConnectTimeout : _settings.ConnectTimeout;
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SipTcpConnection? connection = null;
        try
        {
            using (var timeout = new CancellationTokenSource(connectTimeout, _time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stopping.Token))
            {
                try
                {
                    await socket.ConnectAsync(remote, linked.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
                {
                    TransportLog.ConnectFailed(_logger, remote,
                        ex is SocketException se ? se.SocketErrorCode.ToString()
                        : timeout.IsCancellationRequested ? $"not connected within {connectTimeout}"
                        : "stopping");
                    return null;
                }
            }

            var local = (IPEndPoint)socket.LocalEndPoint!;
            connection = new SipTcpConnection(socket, new SipFlow(protocol, local, remote), inbound: false, this, _settings.Limits, _time, _logger,
                protocol == TransportProtocol.Tls ? _tls : null, serverName);
        }
        finally
        {
            if (connection is null)
            {
                // Never became a connection: nothing else will close the socket or give its place back.
                socket.Dispose();
                _connections.Release(remote.Address, inbound: false);
            }
        }

        _connections.Add(connection);
        TransportLog.ConnectionOpened(_logger, remote, connection.Flow.LocalEndPoint);
        connection.Start();

        // A TLS connection is usable once its handshake succeeded; a refusal was logged with its reason.
        return await connection.Established.ConfigureAwait(false) ? connection : null;
    }
}
