using System.Net;
using System.Runtime.CompilerServices;

namespace PresenceAgent.Sip.Transport;

/// <summary>
/// Anti-amplification for UDP as QUIC does it (RFC 9000 §8.1): until an address has answered one of our requests
/// (proof that it receives what we send there), we send it at most <c>factor</c> times the bytes it sent us. A
/// request with a forged source, or a Contact naming a victim, then gets no more out of us than it put in, and our
/// retransmissions to an address that never answers stop once its budget is spent. Per IP address, with at most
/// <c>capacity</c> addresses remembered; a forgotten one starts again with nothing received, the safe side. Trusted
/// addresses (configured peers) have no budget.
/// </summary>
internal sealed class AmplificationLimit(int factor, int capacity, Func<IPAddress, bool> trusted)
{
    private readonly Lock _lock = new();
    private readonly LruTable<AddressKey, Budget> _addresses = new(capacity);
    private long _withheld;

    /// <summary>Sends withheld so far.</summary>
    public long Withheld => Interlocked.Read(ref _withheld);

    /// <summary>Counts a datagram from <paramref name="address"/>, whatever it held.</summary>
    public void Received(IPAddress address, int bytes)
    {
        var key = AddressKey.Of(address);
        lock (_lock)
        {
            _addresses.GetOrAdd(key, out _).Received += bytes;
        }
    }

    /// <summary>The address answered a request of ours: from now on it is sent to without limit.</summary>
    public void Validate(IPAddress address)
    {
        var key = AddressKey.Of(address);
        lock (_lock)
        {
            _addresses.GetOrAdd(key, out _).Validated = true;
        }
    }

    /// <summary>Whether <paramref name="address"/> is trusted or has answered one of our requests: it has no budget.</summary>
    public bool HasAnswered(IPAddress address)
    {
        if (trusted(address))
        {
            return true;
        }

        var key = AddressKey.Of(address);
        lock (_lock)
        {
            ref var budget = ref _addresses.Find(key);
            return !Unsafe.IsNullRef(ref budget) && budget.Validated;
        }
    }

    /// <summary>Whether <paramref name="bytes"/> could go to <paramref name="address"/> now, without counting them.</summary>
    public bool Allows(IPAddress address, int bytes) => Check(address, bytes, spend: false, out _, out _);

    /// <summary>
    /// Whether <paramref name="bytes"/> may go to <paramref name="address"/> now; if so they are counted as sent, for a
    /// sender that then sends them. Nothing is counted as withheld: a refused sender goes another way.
    /// </summary>
    public bool TryReserve(IPAddress address, int bytes) => Check(address, bytes, spend: true, out _, out _);

    /// <summary>
    /// Whether <paramref name="bytes"/> may go to <paramref name="address"/> now; if so they are counted as sent.
    /// When not, <paramref name="sent"/> and <paramref name="received"/> (the address's counts) say why, for the log.
    /// </summary>
    public bool TrySend(IPAddress address, int bytes, out long sent, out long received)
    {
        if (Check(address, bytes, spend: true, out sent, out received))
        {
            return true;
        }

        Interlocked.Increment(ref _withheld);
        return false;
    }

    private bool Check(IPAddress address, int bytes, bool spend, out long sent, out long received)
    {
        (sent, received) = (0, 0);
        if (trusted(address))
        {
            return true;
        }

        var key = AddressKey.Of(address);
        lock (_lock)
        {
            ref var budget = ref _addresses.Find(key);
            if (Unsafe.IsNullRef(ref budget))
            {
                // Never heard from, so nothing to spend; no entry either: our own sends must not fill the table.
                return false;
            }

            (sent, received) = (budget.Sent, budget.Received);
            if (budget.Validated)
            {
                return true;
            }

            if (budget.Sent + bytes > factor * budget.Received)
            {
                return false;
            }

            if (spend)
            {
                budget.Sent += bytes;
            }

            return true;
        }
    }

    private struct Budget
    {
        public long Received;
        public long Sent;
        public bool Validated;
    }
}
