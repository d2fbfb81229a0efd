using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Configuration;

/// <summary>The <c>Sip</c> section: where the agent listens and which domains it answers for.</summary>
public sealed class SipSection
{
    public List<SipListenerOptions> Listeners { get; init; } = [];

    /// <summary>Hosts in Request-URIs the agent answers for; anything else gets 404 (it never relays).</summary>
    public List<string> Domains { get; init; } = [];

    /// <summary>The name put in Via sent-by and Contact; defaults to the listener address.</summary>
    public string? Host { get; init; }

    /// <summary>Log every SIP message sent and received (category PresenceAgent.Sip.Trace, Debug).</summary>
    public bool MessageTrace { get; init; }

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
