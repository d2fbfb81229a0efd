using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Net;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// RFC 3263 §4 target location. An IP literal is used as it is (at the URI's port, or the transport's default: 5060,
/// or 5061 for TLS); a name in the static hosts map is answered from it, and localhost names by loopback (DNS does not
/// read /etc/hosts: the static map stands in for it); any other name goes through
/// <see cref="DnsTargetLookup"/> (NAPTR, SRV, A/AAAA), whose answers, empty ones too, are kept in a bounded
/// <see cref="TargetCache"/> for their TTL. Concurrent requests for a name that is not cached share one lookup. The
/// URI's <c>maddr</c> is ignored: it is deprecated for this use (RFC 3261 §19.1.1 calls it a way to override the host)
/// and no peer of a presence agent needs it.
/// </summary>
internal sealed class SipTargetResolver : ISipTargetResolver
{
    private readonly ILogger _logger;
    private readonly FrozenDictionary<string, IPAddress> _hosts;
    private readonly DnsTargetLookup _lookup;
    private readonly TargetCache _cache;
    private readonly TimeSpan _negativeLifetime;
    private readonly ConcurrentDictionary<TargetKey, Task<TargetAnswer>> _pending = new();

    // NOTIFYs and responses go to the same few hosts (a Front End pool, a proxy) over and over: the last literal's
    // answer is kept rather than parsed and allocated again for each message. Immutable, so threads share it
    // without a lock.
    private volatile LiteralAnswer? _lastLiteral;

    /// <summary><paramref name="hosts"/> are answered without DNS (like /etc/hosts), ignoring case and a trailing dot.</summary>
    public SipTargetResolver(SipDnsOptions options, IReadOnlyDictionary<string, IPAddress> hosts, TimeProvider time, ILogger logger)
    {
        _logger = logger;
        var byName = new Dictionary<string, IPAddress>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, address) in hosts)
        {
            byName[name.TrimEnd('.')] = Addresses.Normalize(address);
        }

        _hosts = byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        var dns = new SipDnsClient(options);
        _lookup = new DnsTargetLookup(dns, _hosts, options.NegativeCacheTime);
        _cache = new TargetCache(options.MaxCacheEntries, time);
        _negativeLifetime = options.NegativeCacheTime;
        LocatingLog.DnsServers(logger, string.Join(", ", dns.Servers));
    }

    /// <summary>Resolutions in the cache, expired ones not yet dropped included.</summary>
    internal int CachedCount => _cache.Count;

    public ValueTask<IReadOnlyList<SipTarget>> ResolveAsync(string host, int? port, TransportProtocol? transport, CancellationToken cancellationToken)
    {
        if (_lastLiteral is { } last && last.Port == port && last.Transport == transport && string.Equals(last.Host, host, StringComparison.OrdinalIgnoreCase))
        {
            return new(last.Targets);
        }

        // RFC 3263 §4.1: a numeric IP, or a port, without a transport means UDP for a sip: URI (TLS came named).
        var protocol = transport ?? TransportProtocol.Udp;
        if (Addresses.TryParseLiteral(host) is { } literal)
        {
            SipTarget[] one = [new SipTarget(protocol, new IPEndPoint(literal, port ?? protocol.DefaultPort()))];
            _lastLiteral = new LiteralAnswer(host, port, transport, one);
            return new(one);
        }

        var name = host.TrimEnd('.');
        if (_hosts.TryGetValue(name, out var mapped))
        {
            return new([new SipTarget(protocol, new IPEndPoint(mapped, port ?? protocol.DefaultPort()))]);
        }

        if (IsLocalhost(name))
        {
            // RFC 6761 §6.3: localhost names are loopback without asking DNS (the system resolver found them in /etc/hosts).
            return new([
                new SipTarget(protocol, new IPEndPoint(IPAddress.Loopback, port ?? protocol.DefaultPort())),
                new SipTarget(protocol, new IPEndPoint(IPAddress.IPv6Loopback, port ?? protocol.DefaultPort())),
            ]);
        }

        var key = new TargetKey(name, port, transport);
        return _cache.TryGet(key, out var cached) ? new(cached.Targets) : WaitForLookupAsync(key, cancellationToken);
    }

    private async ValueTask<IReadOnlyList<SipTarget>> WaitForLookupAsync(TargetKey key, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource<TargetAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pending = _pending.GetOrAdd(key, started.Task);
        if (pending == started.Task)
        {
            // Not tied to this caller's token: others may be waiting on the same lookup, which DNS timeouts bound anyway.
            _ = LookUpAsync(key, started);
        }

        try
        {
            return (await pending.WaitAsync(cancellationToken).ConfigureAwait(false)).Targets;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return [];
        }
    }

    private async Task LookUpAsync(TargetKey key, TaskCompletionSource<TargetAnswer> completion)
    {
        TargetAnswer answer;
        try
        {
            answer = await _lookup.LookUpAsync(key.Host, key.Port, key.Transport).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LocatingLog.ResolveFault(_logger, ex, key.Host);
            answer = new TargetAnswer([], _negativeLifetime, "unexpected failure");
        }

        if (answer.Targets.Count == 0)
        {
            LocatingLog.HostUnresolved(_logger, key.Host, answer.Failure ?? "no targets");
        }
        else
        {
            LocatingLog.HostResolved(_logger, key.Host, answer.Targets.Count, answer.Lifetime, string.Join(", ", answer.Targets));
        }

        // Cached before it leaves the pending table, so a caller arriving meanwhile finds one or the other.
        _cache.Add(key, answer);
        _pending.TryRemove(new KeyValuePair<TargetKey, Task<TargetAnswer>>(key, completion.Task));
        completion.SetResult(answer);
    }

    private static bool IsLocalhost(string name) =>
        name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    private sealed record LiteralAnswer(string Host, int? Port, TransportProtocol? Transport, IReadOnlyList<SipTarget> Targets);
}
