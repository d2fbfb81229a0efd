namespace PresenceAgent.Directory;

/// <summary>
/// A list URI a standard client subscribes to once for the presence of several contacts (RFC 4662): its watchers get
/// one NOTIFY carrying every member.
/// </summary>
public sealed class ListOptions
{
    /// <summary>The list's name, sent in the RLMI document.</summary>
    public string Name { get; init; } = "";

    /// <summary>Aliases as for services: <c>user@domain</c>, or a bare user part that matches in every served domain.</summary>
    public List<string> Aliases { get; init; } = [];

    /// <summary>
    /// Service aliases or gateway aliases, in the order watchers get them. A bare user part is taken in the domain the
    /// list was subscribed in.
    /// </summary>
    public List<string> Members { get; init; } = [];
}
