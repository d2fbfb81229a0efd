namespace PresenceAgent.Diagnostics;

/// <summary>What a SUBSCRIBE to an alias gets, in the order the agent decides it.</summary>
internal enum AliasAnswer
{
    /// <summary>Not <c>user</c> or <c>user@host</c>: no SUBSCRIBE could carry it.</summary>
    NotAnAlias,

    /// <summary>The host is not in Sip:Domains: 404, the agent never relays.</summary>
    DomainNotServed,

    /// <summary>A configured list (RFC 4662): watchers that support eventlist get its members.</summary>
    List,

    /// <summary>A configured service (VMR or auditorium): services answer before any rule runs.</summary>
    Service,

    /// <summary>A gateway contact: the first matching routing rule answers.</summary>
    Gateway,

    /// <summary>No service and no rule: 404, so a mistyped contact shows at once.</summary>
    NoPresence,
}
