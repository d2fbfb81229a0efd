using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Configuration;

/// <summary>The <c>Sip</c> section: where the agent listens and which domains it answers for.</summary>
public sealed class SipSection
{
    public List<SipListenerOptions> Listeners { get; init; } = [];

    /// <summary>Hosts in Request-URIs the agent answers for; anything else gets 404 (it never relays).</summary>
    public List<string> Domains { get; init; } = [];

    /// <summary>The name put in Via sent-by and Contact; defaults to the listener address. With TLS, the FQDN of our certificate.</summary>
    public string? Host { get; init; }

    /// <summary>Host names resolved without DNS: name = IP address literal (<c>Sip:Hosts:fe01.example.com=192.0.2.10</c>).</summary>
    public Dictionary<string, string> Hosts { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public TlsSection Tls { get; init; } = new();

    /// <summary>Log every SIP message sent and received (category PresenceAgent.Sip.Trace, Debug).</summary>
    public bool MessageTrace { get; init; }

    /// <summary>ms-diagnostics-public with the reason on every failure response we originate (see docs/interop.md).</summary>
    public bool DiagnosticsHeader { get; init; } = true;

    public LimitsSection Limits { get; init; } = new();
}

/// <summary>Wire limits; unset values keep <see cref="Sip.SipLimits"/> defaults (each documented there with its reason).</summary>
public sealed class LimitsSection
{
    public int? MaxDatagramSize { get; init; }

    public int? MaxHeaderSectionBytes { get; init; }

    public int? MaxHeaderCount { get; init; }

    public int? MaxBodyBytes { get; init; }

    public int? MaxConnectionsPerAddress { get; init; }

    public TimeSpan? IdleTimeout { get; init; }
}

/// <summary>TLS and mutual TLS; each setting is documented on <see cref="SipTlsOptions"/>.</summary>
public sealed class TlsSection
{
    public string? CertificatePath { get; init; }

    public string? KeyPath { get; init; }

    public string? Password { get; init; }

    public bool RequireClientCertificate { get; init; }

    public List<string> AllowedPeerNames { get; init; } = [];

    public string? TrustStorePath { get; init; }

    public TimeSpan? HandshakeTimeout { get; init; }

    /// <summary>The stack's options; an unset timeout keeps the stack's default.</summary>
    internal SipTlsOptions ToStackOptions()
    {
        var options = new SipTlsOptions
        {
            CertificatePath = CertificatePath,
            KeyPath = KeyPath,
            Password = Password,
            RequireClientCertificate = RequireClientCertificate,
            AllowedPeerNames = AllowedPeerNames,
            TrustStorePath = TrustStorePath,
        };
        return HandshakeTimeout is { } timeout ? options with { HandshakeTimeout = timeout } : options;
    }
}
