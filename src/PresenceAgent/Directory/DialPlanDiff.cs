using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Directory;

/// <summary>
/// What a new configuration means for what watchers see: for an alias a watcher subscribed to, a list it watches, or
/// the key of a contact with live state, what it names in <see cref="Next"/> and whether its documents read otherwise
/// (<see cref="ContactChange"/>). Answers are kept per alias and per list, since many watchers share one. Not
/// thread-safe: one reload (or one SUBSCRIBE that raced one) asks it.
/// </summary>
internal sealed class DialPlanDiff
{
    private readonly Dictionary<string, Contact?> _byEntity = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListResource> _byResource = new(StringComparer.Ordinal);
    private readonly Dictionary<ResourceList, (ContactChange Change, ResourceList? Now)> _lists = new(ReferenceEqualityComparer.Instance);

    public DialPlanDiff(ConfigurationSnapshot previous, ConfigurationSnapshot next)
    {
        Previous = previous;
        Next = next;
    }

    public ConfigurationSnapshot Previous { get; }

    public ConfigurationSnapshot Next { get; }

    /// <summary>Whether the routing rules were compiled anew (a set whose definitions did not change is kept, counts and all).</summary>
    public bool RulesChanged => !ReferenceEquals(Previous.Rules, Next.Rules);

    /// <summary>Whether any state reads otherwise: the state map, a custom status or the languages changed.</summary>
    public bool StatesChanged => !Previous.States.ShowsSameAs(Next.States);

    /// <summary>
    /// The services by key, as the log and the reload status report them: those removed (no alias of theirs names a
    /// service now), those whose documents read otherwise, and those new.
    /// </summary>
    public (IReadOnlyList<string> Added, IReadOnlyList<string> Removed, IReadOnlyList<string> Changed) Services()
    {
        var followed = new HashSet<Contact>(ReferenceEqualityComparer.Instance);
        var removed = new List<string>();
        var changed = new List<string>();
        foreach (var was in Previous.Contacts.Services)
        {
            if (Next.Contacts.FindService(was.Key) is not { } now)
            {
                removed.Add(was.Key);
                continue;
            }

            followed.Add(now);
            if (Compare(was, now, out _) == ContactChange.Changed)
            {
                changed.Add(now.Key);
            }
        }

        return ([.. Next.Contacts.Services.Where(s => !followed.Contains(s)).Select(s => s.Key)], removed, changed);
    }

    /// <summary>What a subscription to <paramref name="entity"/> (its bare URI) that shows <paramref name="old"/> shows now.</summary>
    /// <param name="entity">The subscription's entity.</param>
    /// <param name="old">What it shows.</param>
    /// <param name="now">The contact to show from now on: <paramref name="old"/> when <see cref="ContactChange.Same"/>, null when gone.</param>
    public ContactChange ForContact(string entity, Contact old, out Contact? now)
    {
        if (!_byEntity.TryGetValue(entity, out var found))
        {
            found = SipUri.TryParse(entity, out var uri) ? Next.Contacts.Resolve(uri) : null;
            _byEntity[entity] = found;
        }

        return Compare(old, found, out now);
    }

    /// <summary>
    /// What a list subscription watching <paramref name="old"/> watches now: a configured list found again by its URI
    /// (gone when no list has that alias any more), a Lync batch with each of its resources resolved again. A resource
    /// whose contact is unchanged keeps its object, so an unchanged list stays the same object.
    /// </summary>
    public ContactChange ForList(ResourceList old, out ResourceList? now)
    {
        if (!_lists.TryGetValue(old, out var answer))
        {
            answer = Follow(old);
            _lists[old] = answer;
        }

        now = answer.Now;
        return answer.Change;
    }

    /// <summary>
    /// How a subscription showing <paramref name="old"/> reads with <paramref name="found"/>, what a lookup in the new
    /// configuration gave. Gateway contacts are made per lookup, so an equal one is no change at all.
    /// </summary>
    internal static ContactChange Compare(Contact old, Contact? found, out Contact? now)
    {
        now = found;
        if (found is null)
        {
            return ContactChange.Gone;
        }

        if (ReferenceEquals(old, found))
        {
            return ContactChange.Same;
        }

        if (old.Kind == ContactKind.Gateway && found.Kind == ContactKind.Gateway && old.IsSameAs(found))
        {
            now = old;
            return ContactChange.Same;
        }

        return old.ShowsSameAs(found) && old.Since == found.Since ? ContactChange.Rebound : ContactChange.Changed;
    }

    private (ContactChange, ResourceList?) Follow(ResourceList old)
    {
        ResourceList? found;
        if (old.IsBatch)
        {
            found = new ResourceList(old.Uri, old.Host, name: null, [.. old.Resources.Select(r => Resource(r.Uri))]);
        }
        else
        {
            found = SipUri.TryParse(old.Uri, out var uri) ? Next.Lists.Find(uri) : null;
        }

        if (found is null)
        {
            return (ContactChange.Gone, null);
        }

        var change = found.Name == old.Name && found.Resources.Count == old.Resources.Count ? ContactChange.Same : ContactChange.Changed;
        var resources = new ListResource[found.Resources.Count];
        for (var i = 0; i < resources.Length; i++)
        {
            var r = found.Resources[i];
            var was = i < old.Resources.Count ? old.Resources[i] : null;
            if (was is null || was.Uri != r.Uri || was.Entity != r.Entity || (was.Contact is null) != (r.Contact is null))
            {
                resources[i] = r;
                change = ContactChange.Changed;
                continue;
            }

            if (was.Contact is null)
            {
                resources[i] = was;
                continue;
            }

            var member = Compare(was.Contact, r.Contact, out var now);
            resources[i] = member == ContactChange.Same ? was : r with { Contact = now };
            change = member > change ? member : change;
        }

        return change == ContactChange.Same ? (change, old) : (change, new ResourceList(found.Uri, found.Host, found.Name, resources));
    }

    private ListResource Resource(string uri)
    {
        if (!_byResource.TryGetValue(uri, out var resource))
        {
            resource = Next.Lists.Resource(uri);
            _byResource[uri] = resource;
        }

        return resource;
    }
}
