using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Directory;

/// <summary>The configured services as a conference platform names them: by conference name, or by an alias dialled.</summary>
internal sealed class ConferenceServices(ContactDirectory contacts, TypedAliasResolver aliases) : IConferenceServices
{
    public IRoom? FindConference(string name) => contacts.FindConference(name);

    public IRoom? FindByAlias(string alias) => aliases.ResolveService(alias);
}
