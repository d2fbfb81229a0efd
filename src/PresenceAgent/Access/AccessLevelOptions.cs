namespace PresenceAgent.Access;

/// <summary>
/// Which watchers get which level (section <c>AccessLevels</c>, and a service's own <c>Services:N:AccessLevels</c>).
/// The lists hold addresses (<c>user@host</c>) or whole domains (<c>host</c>), compared ignoring case; level names are
/// checked at load (<see cref="AccessLevelOptionsValidator"/>).
/// </summary>
public class AccessMappingOptions
{
    /// <summary>The level of a watcher nothing else names; unset in a service: the section's.</summary>
    public string? Default { get; init; }

    public List<string> Personal { get; init; } = [];

    public List<string> Team { get; init; } = [];

    /// <summary>Partner domains (and addresses) treated as colleagues; the served domains (Sip:Domains) are Company anyway.</summary>
    public List<string> Company { get; init; } = [];

    /// <summary>Watchers who see the contact Offline with nothing else, wherever else they are named.</summary>
    public List<string> Blocked { get; init; } = [];

    /// <summary>Regular expressions over the whole <c>user@host</c>, tried in order after the lists.</summary>
    public List<AccessPatternOptions> Patterns { get; init; } = [];
}

/// <summary>A pattern of watcher addresses and the level it gives.</summary>
public sealed class AccessPatternOptions
{
    /// <summary>A .NET regular expression run on the linear-time engine (no backreferences or lookarounds), ignoring case.</summary>
    public string Match { get; init; } = "";

    public string Level { get; init; } = "";
}

/// <summary>The <c>AccessLevels</c> section: the mapping every service uses unless it has its own, and who sees what.</summary>
public sealed class AccessLevelOptions : AccessMappingOptions
{
    public const string SectionName = "AccessLevels";

    /// <summary>Per attribute (<c>WorkPhone</c>, <c>Notes</c>…), the lowest level that sees it, over the defaults.</summary>
    public Dictionary<string, string> Attributes { get; init; } = new(StringComparer.OrdinalIgnoreCase);
}
