using System.Net;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Locating;

/// <summary>RFC 3263 §4 resolution against a real DNS server (dnsmasq): NAPTR, SRV, A, TTLs and the cache.</summary>
public sealed class DnsResolutionTests
{
    private readonly TestLogs _logs = new();
    private readonly ManualTimeProvider _time = new();

    [DnsmasqFact]
    public async Task Srv_names_the_target_and_port_of_a_domain_without_addresses()
    {
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.2 fe1.test\n", 60,
            "--srv-host=_sip._udp.watchers.test,fe1.test,5070,10,10");

        var targets = await Resolver(dns).ResolveAsync("watchers.test", null, null, CancellationToken.None);

        Assert.Equal([Udp("127.0.0.2", 5070)], targets);
    }

    [DnsmasqFact]
    public async Task Srv_targets_go_by_priority_and_each_brings_all_its_addresses()
    {
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.11 fe-a.test\n127.0.0.12 fe-a.test\n127.0.0.13 fe-b.test\n", 60,
            "--srv-host=_sip._tcp.pool.test,fe-b.test,5071,20,10",
            "--srv-host=_sip._tcp.pool.test,fe-a.test,5070,10,10");

        var targets = await Resolver(dns).ResolveAsync("pool.test", null, TransportProtocol.Tcp, CancellationToken.None);

        Assert.Equal(3, targets.Count);
        Assert.Equal(
            [Tcp("127.0.0.11", 5070), Tcp("127.0.0.12", 5070)],
            targets.Take(2).OrderBy(t => t.EndPoint.Address.ToString(), StringComparer.Ordinal));
        Assert.Equal(Tcp("127.0.0.13", 5071), targets[2]);
    }

    [DnsmasqFact]
    public async Task Naptr_order_chooses_the_transport()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.2 fe1.test\n", 60, NaptrRecords);

        var targets = await Resolver(dns).ResolveAsync("naptr.test", null, null, CancellationToken.None);

        Assert.Equal([Tcp("127.0.0.2", 5072), Udp("127.0.0.2", 5070), new SipTarget(TransportProtocol.Tls, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5073))], targets);
    }

    [DnsmasqFact]
    public async Task A_named_transport_keeps_only_its_naptr_records()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.2 fe1.test\n", 60, NaptrRecords);
        var resolver = Resolver(dns);

        Assert.Equal([Udp("127.0.0.2", 5070)], await resolver.ResolveAsync("naptr.test", null, TransportProtocol.Udp, CancellationToken.None));
        Assert.Equal(
            [new SipTarget(TransportProtocol.Tls, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5073))],
            await resolver.ResolveAsync("naptr.test", null, TransportProtocol.Tls, CancellationToken.None));
    }

    [DnsmasqFact]
    public async Task Without_naptr_the_srv_of_every_transport_is_asked_udp_first()
    {
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.2 fe1.test\n", 60,
            "--srv-host=_sips._tcp.plain.test,fe1.test,5063",
            "--srv-host=_sip._udp.plain.test,fe1.test,5062");

        var targets = await Resolver(dns).ResolveAsync("plain.test", null, null, CancellationToken.None);

        Assert.Equal([Udp("127.0.0.2", 5062), new SipTarget(TransportProtocol.Tls, new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5063))], targets);
    }

    [DnsmasqFact]
    public async Task An_explicit_port_skips_naptr_and_srv()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.2 fe1.test\n127.0.0.3 naptr.test\n", 60, NaptrRecords);

        var targets = await Resolver(dns).ResolveAsync("naptr.test", 5090, null, CancellationToken.None);

        Assert.Equal([Udp("127.0.0.3", 5090)], targets);
    }

    [DnsmasqFact]
    public async Task Without_naptr_or_srv_the_addresses_take_the_default_port()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.4 bare.test\n");
        var resolver = Resolver(dns);

        Assert.Equal([Udp("127.0.0.4", 5060)], await resolver.ResolveAsync("bare.test", null, null, CancellationToken.None));
        Assert.Equal(
            [new SipTarget(TransportProtocol.Tls, new IPEndPoint(IPAddress.Parse("127.0.0.4"), 5061))],
            await resolver.ResolveAsync("bare.test", null, TransportProtocol.Tls, CancellationToken.None));
    }

    [DnsmasqFact]
    public async Task Static_hosts_win_over_dns_for_the_uri_host_and_for_srv_targets()
    {
        using var dns = await Dnsmasq.StartAsync(
            "127.0.0.2 fe1.test\n127.0.0.3 mapped.test\n", 60,
            "--srv-host=_sip._udp.watchers.test,fe1.test,5070");
        var resolver = Resolver(dns, new Dictionary<string, IPAddress> { ["mapped.test"] = IPAddress.Parse("127.0.0.9"), ["fe1.test"] = IPAddress.Parse("127.0.0.8") });

        Assert.Equal([Udp("127.0.0.9", 5060)], await resolver.ResolveAsync("mapped.test", null, null, CancellationToken.None));
        Assert.Equal([Udp("127.0.0.8", 5070)], await resolver.ResolveAsync("watchers.test", null, null, CancellationToken.None));
    }

    [DnsmasqFact]
    public async Task An_answer_is_kept_for_its_ttl_and_asked_again_after()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.5 moving.test\n", ttl: 60);
        var resolver = Resolver(dns);
        Assert.Equal([Udp("127.0.0.5", 5060)], await resolver.ResolveAsync("moving.test", 5060, null, CancellationToken.None));

        await dns.ReplaceHostsAsync("127.0.0.6 moving.test\n", "moving.test", IPAddress.Parse("127.0.0.6"));
        _time.AdvanceSeconds(59);
        Assert.Equal([Udp("127.0.0.5", 5060)], await resolver.ResolveAsync("moving.test", 5060, null, CancellationToken.None));

        _time.AdvanceSeconds(1);
        Assert.Equal([Udp("127.0.0.6", 5060)], await resolver.ResolveAsync("moving.test", 5060, null, CancellationToken.None));
    }

    [DnsmasqFact]
    public async Task An_srv_answer_is_kept_for_the_smallest_ttl_on_the_way()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.5 fe-moving.test\n", 30, "--srv-host=_sip._udp.moving-srv.test,fe-moving.test,5070");
        var resolver = Resolver(dns);
        Assert.Equal([Udp("127.0.0.5", 5070)], await resolver.ResolveAsync("moving-srv.test", null, null, CancellationToken.None));

        await dns.ReplaceHostsAsync("127.0.0.6 fe-moving.test\n", "fe-moving.test", IPAddress.Parse("127.0.0.6"));
        _time.AdvanceSeconds(29);
        Assert.Equal([Udp("127.0.0.5", 5070)], await resolver.ResolveAsync("moving-srv.test", null, null, CancellationToken.None));

        _time.AdvanceSeconds(1);
        Assert.Equal([Udp("127.0.0.6", 5070)], await resolver.ResolveAsync("moving-srv.test", null, null, CancellationToken.None));
    }

    [DnsmasqFact]
    public async Task No_such_name_is_cached_for_the_negative_cache_time()
    {
        using var dns = await Dnsmasq.StartAsync();
        var resolver = Resolver(dns);
        Assert.Empty(await resolver.ResolveAsync("later.test", 5060, null, CancellationToken.None));
        Assert.Contains("NXDOMAIN", Assert.Single(_logs.Entries, e => e.EventId.Id == 1031).Message, StringComparison.Ordinal);

        await dns.ReplaceHostsAsync("127.0.0.7 later.test\n", "later.test", IPAddress.Parse("127.0.0.7"));
        _time.AdvanceSeconds(29);
        Assert.Empty(await resolver.ResolveAsync("later.test", 5060, null, CancellationToken.None));

        _time.AdvanceSeconds(1);
        Assert.Equal([Udp("127.0.0.7", 5060)], await resolver.ResolveAsync("later.test", 5060, null, CancellationToken.None));
    }

    [DnsmasqFact]
    public async Task A_name_without_records_is_cached_as_a_failure_too()
    {
        using var dns = await Dnsmasq.StartAsync("", 60, "--txt-record=empty.test,nothing to see");
        var resolver = Resolver(dns);

        Assert.Empty(await resolver.ResolveAsync("empty.test", null, null, CancellationToken.None));
        Assert.Contains("no A or AAAA records", Assert.Single(_logs.Entries, e => e.EventId.Id == 1031).Message, StringComparison.Ordinal);
        Assert.Equal(1, resolver.CachedCount);
    }

    [DnsmasqFact]
    public async Task The_cache_never_holds_more_than_its_cap()
    {
        var hosts = string.Concat(Enumerable.Range(1, 20).Select(i => $"127.0.1.{i} n{i}.test\n"));
        using var dns = await Dnsmasq.StartAsync(hosts);
        var resolver = Resolver(dns, maxCacheEntries: 5);

        for (var i = 1; i <= 20; i++)
        {
            Assert.Equal([Udp($"127.0.1.{i}", 5060)], await resolver.ResolveAsync($"n{i}.test", 5060, null, CancellationToken.None));
            Assert.InRange(resolver.CachedCount, 1, 5);
        }

        Assert.Equal(5, resolver.CachedCount);
    }

    [DnsmasqFact]
    public async Task Concurrent_requests_for_one_name_share_one_lookup()
    {
        using var dns = await Dnsmasq.StartAsync("127.0.0.5 shared.test\n");
        var resolver = Resolver(dns);

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => resolver.ResolveAsync("shared.test", 5060, null, CancellationToken.None).AsTask()));

        Assert.All(all, targets => Assert.Equal([Udp("127.0.0.5", 5060)], targets));
        Assert.Single(_logs.Entries, e => e.EventId.Id == 1060);
    }

    private static readonly string[] NaptrRecords =
    [
        "--naptr-record=naptr.test,10,10,S,SIP+D2T,,_sip._tcp.naptr.test",
        "--naptr-record=naptr.test,20,10,S,SIP+D2U,,_sip._udp.naptr.test",
        "--naptr-record=naptr.test,30,10,S,SIPS+D2T,,_sips._tcp.naptr.test",
        "--srv-host=_sip._tcp.naptr.test,fe1.test,5072",
        "--srv-host=_sip._udp.naptr.test,fe1.test,5070",
        "--srv-host=_sips._tcp.naptr.test,fe1.test,5073",
    ];

    private static SipTarget Udp(string address, int port) => new(TransportProtocol.Udp, new IPEndPoint(IPAddress.Parse(address), port));

    private static SipTarget Tcp(string address, int port) => new(TransportProtocol.Tcp, new IPEndPoint(IPAddress.Parse(address), port));

    private SipTargetResolver Resolver(Dnsmasq dns, Dictionary<string, IPAddress>? hosts = null, int maxCacheEntries = 10_000) => new(
        dns.Options with { MaxCacheEntries = maxCacheEntries },
        hosts ?? [],
        _time,
        _logs.CreateLogger("resolver"));
}
