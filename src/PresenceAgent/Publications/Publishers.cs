using System.Net;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Publications;

/// <summary>
/// The configured publishers, read once at start: which one, if any, a request comes from. Checked before anything
/// else of a PUBLISH is read, so a stranger's flood costs a few comparisons per request and learns nothing of our
/// aliases. Read-only after construction.
/// </summary>
internal sealed class Publishers
{
    private readonly Entry[] _entries;

    /// <param name="publishers">Validated at start: every network parses.</param>
    public Publishers(IEnumerable<PublisherOptions> publishers)
    {
        _entries = [.. publishers.Select(p => new Entry(
            p.Name,
            [.. p.Networks.Select(n => NetworkText.TryParse(n, out var network) ? network : throw new ArgumentException($"Not a network: {n}", nameof(publishers)))],
            [.. p.PeerNames.Select(n => n.TrimEnd('.'))]))];
    }

    /// <summary>The name of the publisher <paramref name="incoming"/> comes from, or null.</summary>
    public string? Find(IncomingRequest incoming)
    {
        var address = incoming.Flow.RemoteEndPoint.Address;

        // A dual-stack socket reports an IPv4 peer as ::ffff:a.b.c.d, which no IPv4 network contains.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var names = incoming.PeerCertificateNames;
        foreach (var entry in _entries)
        {
            if (entry.Matches(address, names))
            {
                return entry.Name;
            }
        }

        return null;
    }

    private sealed record Entry(string Name, IPNetwork[] Networks, string[] PeerNames)
    {
        public bool Matches(IPAddress address, IReadOnlyList<string> certificateNames)
        {
            foreach (var network in Networks)
            {
                if (network.Contains(address))
                {
                    return true;
                }
            }

            foreach (var presented in certificateNames)
            {
                var name = presented.AsSpan().TrimEnd('.');
                foreach (var allowed in PeerNames)
                {
                    if (name.Equals(allowed, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
