namespace PresenceAgent.Sip.Locating;

/// <summary>
/// How the stack asks DNS for the next hop of the requests it sends (RFC 3263 NAPTR, SRV, A and AAAA lookups), bound
/// from <c>Sip:Dns</c>. Names in <see cref="Core.SipStackOptions.Hosts"/> are answered without DNS.
/// </summary>
public sealed record SipDnsOptions
{
    /// <summary>
    /// DNS servers to ask, in order: <c>192.0.2.53</c>, <c>192.0.2.53:5353</c>, <c>2001:db8::53</c> or
    /// <c>[2001:db8::53]:5353</c>. Empty uses the system's resolvers (/etc/resolv.conf).
    /// </summary>
    public IReadOnlyList<string> Servers { get; set; } = [];

    /// <summary>How long one query to one server may take before it is sent again or to the next server. Default 2 s.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many times a query that timed out is sent again to the same server. Default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>
    /// How long a name that resolved to nothing (no such name, no records, server failure, timeout) is answered from
    /// the cache before DNS is asked again. Default 30 s; zero asks again every time.
    /// </summary>
    public TimeSpan NegativeCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many resolved names are kept (each until the smallest TTL of the records that made it). Default 10 000; a
    /// full cache drops expired entries first, then those that expire soonest.
    /// </summary>
    public int MaxCacheEntries { get; set; } = 10_000;
}
