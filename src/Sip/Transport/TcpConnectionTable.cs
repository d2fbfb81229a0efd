using System.Collections.Concurrent;
using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Open TCP and TLS connections by remote endpoint and protocol, so requests to a peer reuse its connection, whoever
/// opened it (RFC 3261 §18.1.1), and responses find the one their request came on (§18.2.2); plus per-address counts
/// of accepted connections, TLS ones included. Lock-free: lookups happen on every send.
/// </summary>
internal sealed class TcpConnectionTable
{
    private readonly ConcurrentDictionary<(IPEndPoint, TransportProtocol), SipTcpConnection> _byRemote = new();
    private readonly ConcurrentDictionary<IPAddress, int> _inboundPerAddress = new();

    public int Count => _byRemote.Count;

    public ICollection<SipTcpConnection> All => _byRemote.Values;

    /// <summary>The open connection to <paramref name="remote"/> over <paramref name="protocol"/>, if any (a TLS one once its handshake is done).</summary>
    public SipTcpConnection? Find(IPEndPoint remote, TransportProtocol protocol) =>
        _byRemote.TryGetValue((remote, protocol), out var c) && c.IsOpen ? c : null;

    /// <summary>A later connection with the same remote endpoint (through another listener) replaces the earlier for lookups.</summary>
    public void Add(SipTcpConnection connection) => _byRemote[Key(connection)] = connection;

    public void Remove(SipTcpConnection connection)
    {
        _byRemote.TryRemove(new KeyValuePair<(IPEndPoint, TransportProtocol), SipTcpConnection>(Key(connection), connection));
        if (connection.IsInbound)
        {
            Release(connection.Flow.RemoteEndPoint.Address);
        }
    }

    /// <summary>Counts one more accepted connection from <paramref name="address"/> unless that reaches past <paramref name="limit"/>.</summary>
    public bool TryReserve(IPAddress address, int limit)
    {
        while (true)
        {
            if (!_inboundPerAddress.TryGetValue(address, out var n))
            {
                if (_inboundPerAddress.TryAdd(address, 1))
                {
                    return true;
                }

                continue;
            }

            if (n >= limit)
            {
                return false;
            }

            if (_inboundPerAddress.TryUpdate(address, n + 1, n))
            {
                return true;
            }
        }
    }

    public void Release(IPAddress address)
    {
        while (_inboundPerAddress.TryGetValue(address, out var n))
        {
            if (n <= 1)
            {
                if (_inboundPerAddress.TryRemove(new KeyValuePair<IPAddress, int>(address, n)))
                {
                    return;
                }
            }
            else if (_inboundPerAddress.TryUpdate(address, n - 1, n))
            {
                return;
            }
        }
    }

    private static (IPEndPoint, TransportProtocol) Key(SipTcpConnection connection) => (connection.Flow.RemoteEndPoint, connection.Flow.Protocol);
}
