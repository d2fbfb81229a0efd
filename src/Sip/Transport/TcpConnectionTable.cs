using System.Collections.Concurrent;
using System.Net;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Open TCP connections by remote endpoint, so requests to a peer reuse its connection (RFC 3261 §18.1.1) and
/// responses find the one their request came on (§18.2.2); plus per-address counts of accepted connections.
/// Lock-free: lookups happen on every send.
/// </summary>
internal sealed class TcpConnectionTable
{
    private readonly ConcurrentDictionary<IPEndPoint, SipTcpConnection> _byRemote = new();
    private readonly ConcurrentDictionary<IPAddress, int> _inboundPerAddress = new();

    public int Count => _byRemote.Count;

    public ICollection<SipTcpConnection> All => _byRemote.Values;

    /// <summary>The open connection to <paramref name="remote"/>, if any.</summary>
    public SipTcpConnection? Find(IPEndPoint remote) =>
        _byRemote.TryGetValue(remote, out var c) && c.IsOpen ? c : null;

    /// <summary>A later connection with the same remote endpoint (through another listener) replaces the earlier for lookups.</summary>
    public void Add(SipTcpConnection connection) => _byRemote[connection.Flow.RemoteEndPoint] = connection;

    public void Remove(SipTcpConnection connection)
    {
        _byRemote.TryRemove(new KeyValuePair<IPEndPoint, SipTcpConnection>(connection.Flow.RemoteEndPoint, connection));
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
}
