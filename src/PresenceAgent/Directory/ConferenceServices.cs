using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Directory;

/// <summary>The configured services as a conference platform names them: by conference name, or by an alias dialled.</summary>
internal sealed class ConferenceServices : IConferenceServices
{
    private readonly RunningConfiguration _running;
    private readonly IReadOnlyList<string> _domains;
    private readonly string? _host;

    /// <param name="running">Services and gateway rules in force, as SUBSCRIBEs resolve them.</param>
    /// <param name="domains">Sip:Domains; a bare alias is taken in the first.</param>
    /// <param name="host">Sip:Host, which the agent also answers for.</param>
    public ConferenceServices(RunningConfiguration running, IReadOnlyList<string> domains, string? host)
    {
        _running = running;
        _domains = domains;
        _host = host;
    }

    public IRoom? FindConference(string name) => _running.Current.Contacts.FindConference(name);

    /// <summary>As a SUBSCRIBE to the alias would resolve, in a served domain; a gateway contact is no service.</summary>
    public IRoom? FindByAlias(string alias) =>
        TypedAlias.TryParse(alias, _domains, out var uri, out _) && IsServed(uri.Host) &&
        _running.Current.Contacts.Resolve(uri) is { Kind: not ContactKind.Gateway } service
            ? service
            : null;

    private bool IsServed(string host) =>
        _domains.Contains(host, StringComparer.OrdinalIgnoreCase) || string.Equals(host, _host, StringComparison.OrdinalIgnoreCase);
}
