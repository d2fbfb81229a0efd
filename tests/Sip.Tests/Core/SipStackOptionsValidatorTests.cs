using Microsoft.Extensions.Configuration;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Locating;
using PresenceAgent.Sip.Transactions;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Core;

public sealed class SipStackOptionsValidatorTests
{
    private static readonly SipListenerOptions s_udp = new() { Protocol = TransportProtocol.Udp, Address = "127.0.0.1", Port = 5060 };

    [Fact]
    public void Valid_options_pass()
    {
        var result = new SipStackOptionsValidator().Validate(null, new SipStackOptions { Listeners = [s_udp], Domains = ["example.com", "192.0.2.1", "::1"] });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Every_bad_item_is_named_by_its_full_key()
    {
        var options = new SipStackOptions
        {
            Listeners =
            [
                new SipListenerOptions { Address = "not-an-ip", Port = 70000 },
                new SipListenerOptions { Protocol = (TransportProtocol)9, Address = "0.0.0.0" },
                s_udp,
                s_udp,
            ],
            Domains = ["ok.example", "bad host"],
            ServerHeader = "Agent\r\nInjected: 1",
            Timers = new SipTimerOptions { T1 = TimeSpan.Zero, T2 = TimeSpan.FromSeconds(-1), T4 = TimeSpan.Zero },
            Limits = new SipLimits { MaxBodyBytes = -1, MaxHeaderCount = 1, IdleTimeout = TimeSpan.Zero },
        };

        var failures = new SipStackOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:0:Address:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:0:Port:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:1:Protocol:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:1:Address:", StringComparison.Ordinal) && f.Contains("Sip:Host", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:3:", StringComparison.Ordinal) && f.Contains("twice", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Domains:1:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:ServerHeader:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Timers:T1:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Timers:T2:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Timers:T4:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Limits:MaxBodyBytes: -1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Limits:MaxHeaderCount: 1", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Limits:IdleTimeout:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("Sip:Domains:0", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("Sip:Limits:MaxDatagramSize", StringComparison.Ordinal));
    }

    [Fact]
    public void A_host_with_a_port_is_named()
    {
        var options = new SipStackOptions { Listeners = [s_udp], Domains = ["example.com"], Host = "x:5060" };

        var failure = Assert.Single(new SipStackOptionsValidator().Validate(null, options).Failures!);

        Assert.StartsWith("Sip:Host: 'x:5060'", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void No_listener_and_no_domain_are_errors()
    {
        var failures = new SipStackOptionsValidator().Validate(null, new SipStackOptions()).Failures!;

        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Domains:", StringComparison.Ordinal));
    }

    [Fact]
    public void Tls_items_are_named()
    {
        var options = new SipStackOptions
        {
            Listeners = [s_udp, new SipListenerOptions { Protocol = TransportProtocol.Tls, Address = "127.0.0.1" }],
            Domains = ["example.com"],
            Tls = new SipTlsOptions
            {
                KeyPath = "agent.key",
                AllowedPeerNames = ["fe01.example.com", "*.example.com", "192.0.2.1"],
                HandshakeTimeout = TimeSpan.Zero,
            },
            Hosts = new Dictionary<string, string> { ["fe01.example.com"] = "not-an-address", ["10.0.0.1"] = "10.0.0.1" },
        };

        var failures = new SipStackOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Sip:Listeners:1:Protocol:", StringComparison.Ordinal) && f.Contains("Sip:Tls:CertificatePath", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:KeyPath:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:AllowedPeerNames:", StringComparison.Ordinal) && f.Contains("RequireClientCertificate", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:AllowedPeerNames:1:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:AllowedPeerNames:2:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("Sip:Tls:AllowedPeerNames:0", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:HandshakeTimeout:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Hosts:fe01.example.com:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Hosts:10.0.0.1: not a host name", StringComparison.Ordinal));
    }

    [Fact]
    public void Tls_listener_with_a_usable_certificate_and_a_hosts_map_pass()
    {
        using var pki = new TestPki();
        var options = new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Tls, Address = "127.0.0.1" }],
            Domains = ["example.com"],
            Tls = new SipTlsOptions
            {
                CertificatePath = pki.WritePfx(pki.Issue("pa.test", ["pa.test"]), "agent.pfx"),
                RequireClientCertificate = true,
                AllowedPeerNames = ["fe01.example.com"],
                TrustStorePath = pki.TrustStorePath,
            },
            Hosts = new Dictionary<string, string> { ["fe01.example.com"] = "192.0.2.10", ["fe02.example.com"] = "2001:db8::2" },
        };

        var result = new SipStackOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Unreadable_certificate_and_trust_store_are_named_with_their_paths()
    {
        using var pki = new TestPki();
        var garbage = Path.Combine(pki.Folder, "garbage.pem");
        File.WriteAllText(garbage, "not a certificate");
        var options = new SipStackOptions
        {
            Listeners = [new SipListenerOptions { Protocol = TransportProtocol.Tls, Address = "127.0.0.1" }],
            Domains = ["example.com"],
            Tls = new SipTlsOptions { CertificatePath = Path.Combine(pki.Folder, "absent.pfx"), TrustStorePath = garbage },
        };

        var failures = new SipStackOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:CertificatePath:", StringComparison.Ordinal) && f.Contains("absent.pfx", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Tls:TrustStorePath:", StringComparison.Ordinal) && f.Contains("garbage.pem", StringComparison.Ordinal));
    }

    [Fact]
    public void Stack_refuses_bad_options_at_construction()
    {
        Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            new SipStack(new SipStackOptions(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
    }

    [Fact]
    public void Dns_items_are_named_by_their_configuration_path()
    {
        var options = new SipStackOptions
        {
            Listeners = [s_udp],
            Domains = ["example.com"],
            Dns = new SipDnsOptions
            {
                Servers = ["192.0.2.53", "dns.example.com", "[2001:db8::53]:5353", "192.0.2.54:99999"],
                Timeout = TimeSpan.Zero,
                Retries = -1,
                NegativeCacheTime = TimeSpan.FromSeconds(-1),
                MaxCacheEntries = 0,
            },
        };

        var failures = new SipStackOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Sip:Dns:Servers:1:", StringComparison.Ordinal) && f.Contains("dns.example.com", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Dns:Servers:3:", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.StartsWith("Sip:Dns:Servers:0", StringComparison.Ordinal) || f.StartsWith("Sip:Dns:Servers:2", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Dns:Timeout:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Dns:Retries:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Dns:NegativeCacheTime:", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Sip:Dns:MaxCacheEntries:", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }

    [Fact]
    public void Default_dns_options_pass_and_use_the_system_resolvers()
    {
        var dns = new SipDnsOptions();

        Assert.Empty(dns.Servers);
        Assert.Equal(TimeSpan.FromSeconds(2), dns.Timeout);
        Assert.Equal(2, dns.Retries);
        Assert.Equal(TimeSpan.FromSeconds(30), dns.NegativeCacheTime);
        Assert.Equal(10_000, dns.MaxCacheEntries);
        Assert.True(new SipStackOptionsValidator().Validate(null, new SipStackOptions { Listeners = [s_udp],
            Domains = ["example.com"], Dns = dns }).Succeeded);
    }

    [Fact]
    public void Dns_options_bind_from_the_sip_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sip:Dns:Servers:0"] = "192.0.2.53",
                ["Sip:Dns:Servers:1"] = "[2001:db8::53]:5353",
                ["Sip:Dns:Timeout"] = "00:00:01.5",
                ["Sip:Dns:Retries"] = "1",
                ["Sip:Dns:NegativeCacheTime"] = "00:01:00",
                ["Sip:Dns:MaxCacheEntries"] = "500",
            })
            .Build();

        var options = configuration.GetSection("Sip").Get<SipStackOptions>()!;

        Assert.Equal(["192.0.2.53", "[2001:db8::53]:5353"], options.Dns.Servers);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.Dns.Timeout);
        Assert.Equal(1, options.Dns.Retries);
        Assert.Equal(TimeSpan.FromMinutes(1), options.Dns.NegativeCacheTime);
        Assert.Equal(500, options.Dns.MaxCacheEntries);
    }
}
