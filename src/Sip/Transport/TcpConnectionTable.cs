using System.Collections.Concurrent;
using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Open TCP and TLS connections by remote endpoint and protocol, so requests to a peer reuse its connection, whoever
/// opened it (RFC 3261 §18.1.1), and responses find the one their request came on (§18.2.2); plus the counts the
/// connection limits are checked against: all connections, outbound ones, and both per host (an IPv4 address or an
/// IPv6 /64, see <see cref="AddressKey.HostOf"/>). An outbound connection is counted from the start of its connect.
/// Lock-free: lookups happen on every send.
/// </summary>
internal sealed class TcpConnectionTable(SipLimits limits)
{
    private readonly ConcurrentDictionary<(IPEndPoint, TransportProtocol), SipTcpConnection> _byRemote = new();
    private readonly ConcurrentDictionary<AddressKey, int> _inboundPerHost = new();
    private readonly ConcurrentDictionary<AddressKey, int> _outboundPerHost = new();
    private int _total;
    private int _outbound;

    /// <summary>Connections counted against <see cref="SipLimits.MaxConnections"/>, connects under way included.</summary>
    public int Total => Volatile.Read(ref _total);

    public ICollection<SipTcpConnection> All => _byRemote.Values;

    /// <summary>The open connection to <paramref name="remote"/> over <paramref name="protocol"/>, if any (a TLS one once its handshake is done).</summary>
    public SipTcpConnection? Find(IPEndPoint remote, TransportProtocol protocol) =>
        _byRemote.TryGetValue((remote, protocol), out var c) && c.IsOpen ? c : null;

    /// <summary>A later connection with the same remote endpoint (through another listener) replaces the earlier for lookups.</summary>
    public void Add(SipTcpConnection connection) => _byRemote[Key(connection)] = connection;

    /// <summary>Forgets a closed connection and gives back what it was counted against.</summary>
    public void Remove(SipTcpConnection connection)
    {
        _byRemote.TryRemove(new KeyValuePair<(IPEndPoint, TransportProtocol), SipTcpConnection>(Key(connection), connection));
        Release(connection.Flow.RemoteEndPoint.Address, connection.IsInbound);
    }

    /// <summary>Counts a connection accepted from <paramref name="address"/>, or names the limit it would pass.</summary>
    public ConnectionLimit TryReserveInbound(IPAddress address)
    {
        if (!TryIncrement(ref _total, limits.MaxConnections))
        {
            return ConnectionLimit.MaxConnections;
        }

        if (!TryIncrement(_inboundPerHost, AddressKey.HostOf(address), limits.MaxConnectionsPerAddress))
        {
            Interlocked.Decrement(ref _total);
            return ConnectionLimit.MaxConnectionsPerAddress;
        }

        return ConnectionLimit.None;
    }

    /// <summary>Counts a connection we are about to open to <paramref name="address"/>, or names the limit it would pass.</summary>
    public ConnectionLimit TryReserveOutbound(IPAddress address)
    {
        if (!TryIncrement(ref _total, limits.MaxConnections))
        {
            return ConnectionLimit.MaxConnections;
        }

        if (!TryIncrement(ref _outbound, limits.MaxOutboundConnections))
        {
            Interlocked.Decrement(ref _total);
            return ConnectionLimit.MaxOutboundConnections;
        }

        if (!TryIncrement(_outboundPerHost, AddressKey.HostOf(address), limits.MaxOutboundConnectionsPerAddress))
        {
            Interlocked.Decrement(ref _outbound);
            Interlocked.Decrement(ref _total);
            return ConnectionLimit.MaxOutboundConnectionsPerAddress;
        }

        return ConnectionLimit.None;
    }

    /// <summary>Gives back a reservation whose connection never came to be (the connect failed).</summary>
    public void Release(IPAddress address, bool inbound)
    {
        Decrement(inbound ? _inboundPerHost : _outboundPerHost, AddressKey.HostOf(address));
        if (!inbound)
        {
            Interlocked.Decrement(ref _outbound);
        }

        Interlocked.Decrement(ref _total);
    }

    private static bool TryIncrement(ref int counter, int limit)
    {
        if (Interlocked.Increment(ref counter) <= limit)
        {
            return true;
        }

        Interlocked.Decrement(ref counter);
        return false;
    }

    private static bool TryIncrement(ConcurrentDictionary<AddressKey, int> counts, AddressKey key, int limit)
    {
        while (true)
        {
            if (!counts.TryGetValue(key, out var n))
            {
                if (counts.TryAdd(key, 1))
                {
                    return true;
                }

                continue;
            }

            if (n >= limit)
            {
                return false;
            }

            if (counts.TryUpdate(key, n + 1, n))
            {
                return true;
            }
        }
    }

    private static void Decrement(ConcurrentDictionary<AddressKey, int> counts, AddressKey key)
    {
        while (counts.TryGetValue(key, out var n))
        {
            if (n <= 1)
            {
                if (counts.TryRemove(new KeyValuePair<AddressKey, int>(key, n)))
                {
                    return;
                }
            }
            else if (counts.TryUpdate(key, n - 1, n))
            {
                return;
            }
        }
    }

    private static (IPEndPoint, TransportProtocol) Key(SipTcpConnection connection) => (connection.Flow.RemoteEndPoint, connection.Flow.Protocol);
}
