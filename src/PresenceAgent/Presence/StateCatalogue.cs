using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace PresenceAgent.Presence;

/// <summary>
/// Every state the agent knows, by id (ignoring case): the built-in ones, those of the state map, and the admins' custom
/// statuses. Each holds its text only in the configured languages, in their order, so a writer renders what it is given.
/// </summary>
internal sealed class StateCatalogue
{
    private readonly FrozenDictionary<string, PresenceState> _byId;

    /// <summary>The built-in states in the default languages: what runs when nothing is configured.</summary>
    public static StateCatalogue BuiltIn { get; } = new(PresenceLanguages.Default, BuiltInStates.All);

    /// <param name="languages">The configured languages.</param>
    /// <param name="states">Built-in states first; a later state with an id already seen replaces the earlier (a state map overriding a built-in).</param>
    public StateCatalogue(PresenceLanguages languages, IEnumerable<PresenceState> states)
    {
        var byId = new Dictionary<string, PresenceState>(StringComparer.OrdinalIgnoreCase);
        foreach (var state in states)
        {
            byId[state.Id] = state with { Texts = [.. languages.All.SelectMany(l => state.Texts.Where(t => t.Language == l))] };
        }

        _byId = byId.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Languages = languages;
        Available = _byId.GetValueOrDefault(nameof(BaseStatus.Available))
            ?? throw new ArgumentException("The states must include the base status Available.", nameof(states));
        Offline = _byId.GetValueOrDefault(nameof(BaseStatus.Offline))
            ?? throw new ArgumentException("The states must include the base status Offline.", nameof(states));
    }

    public PresenceLanguages Languages { get; }

    /// <summary>What a service without a DefaultStatus and every gateway contact show.</summary>
    public PresenceState Available { get; }

    /// <summary>What a blocked watcher sees every contact show (polite blocking).</summary>
    public PresenceState Offline { get; }

    public IEnumerable<PresenceState> States => _byId.Values;

    public bool TryResolve(string id, [NotNullWhen(true)] out PresenceState? state) => _byId.TryGetValue(id, out state);

    /// <summary>
    /// What a state of an earlier catalogue is in this one: <paramref name="previous"/> itself while its id shows the
    /// same here (so what refers to it is not changed for nothing), the redefined state of that id, or, for an id this
    /// catalogue no longer has (a custom status removed), the base status it rested on.
    /// </summary>
    public PresenceState Successor(PresenceState previous)
    {
        if (_byId.TryGetValue(previous.Id, out var state))
        {
            return state.ShowsSameAs(previous) ? previous : state;
        }

        return _byId.GetValueOrDefault(previous.Base.ToString()) ?? Available;
    }

    /// <summary>Whether both catalogues hold the same states, each shown the same (the languages included).</summary>
    public bool ShowsSameAs(StateCatalogue other) =>
        ReferenceEquals(this, other) ||
        (_byId.Count == other._byId.Count && Languages.All.SequenceEqual(other.Languages.All) &&
         _byId.All(p => other._byId.TryGetValue(p.Key, out var state) && state.ShowsSameAs(p.Value)));
}
