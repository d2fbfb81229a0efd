using DnsClient.Protocol;

namespace PresenceAgent.Sip.Locating;

/// <summary>How one DNS question went.</summary>
internal enum DnsOutcome
{
    Answered,

    /// <summary>NXDOMAIN: the name does not exist.</summary>
    NoSuchName,

    /// <summary>The name exists but has no record of the type asked.</summary>
    NoRecords,

    /// <summary>SERVFAIL, REFUSED or another error code from every server asked.</summary>
    ServerFailure,

    /// <summary>No server answered in time.</summary>
    TimedOut,

    /// <summary>The name cannot be put in a DNS question (too long, empty label).</summary>
    BadName,
}

/// <summary>The answer records of one question (CNAMEs followed), the smallest TTL among them, and how it went.</summary>
internal readonly record struct DnsAnswer(DnsOutcome Outcome, IReadOnlyList<DnsResourceRecord> Records, TimeSpan Ttl, string Detail)
{
    /// <summary>Nothing usable, and not because DNS said so: the name may well resolve on the next try.</summary>
    public bool IsFailure => Outcome is DnsOutcome.ServerFailure or DnsOutcome.TimedOut;

    public static DnsAnswer Failed(DnsOutcome outcome, string detail) => new(outcome, [], TimeSpan.Zero, detail);
}
