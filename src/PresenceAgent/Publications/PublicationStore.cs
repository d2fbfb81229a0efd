using PresenceAgent.Directory;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Publications;

/// <summary>
/// The publications held (RFC 3903 event state), per contact and by entity-tag, within bounds: in all, per contact and
/// per source. The newest publication of a contact (published or modified last) is what live presence hears from the
/// publication source; when it goes, the next newest speaks, and when the last goes the contact loses the source (its
/// grace period starts). Each publication expires on its own timer from the time provider. One lock: publishers are
/// few and PUBLISHes rare next to SUBSCRIBEs, and live presence hears each change in the order it was made.
/// </summary>
internal sealed class PublicationStore : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Publication> _byTag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Publication>> _byContact = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<SourceKey, int> _perSource = [];
    private readonly LivePresence _live;
    private readonly PublicationOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _order;

    public PublicationStore(LivePresence live, PublicationOptions options, TimeProvider time, ILogger<PublicationStore> logger)
    {
        _live = live;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byTag.Count;
            }
        }
    }

    /// <summary>Publications held for <paramref name="contact"/>.</summary>
    public int CountFor(Contact contact)
    {
        lock (_lock)
        {
            return _byContact.TryGetValue(contact.Key, out var list) ? list.Count : 0;
        }
    }

    /// <summary>The bound a new publication would pass, or <see cref="PublicationLimit.None"/>: a cheap check before its body is read.</summary>
    public PublicationLimit Check(Contact contact, SourceKey source)
    {
        lock (_lock)
        {
            return LimitFor(contact, source);
        }
    }

    /// <summary>Whether <paramref name="entityTag"/> names a live publication of <paramref name="contact"/>.</summary>
    public bool Has(Contact contact, string entityTag)
    {
        lock (_lock)
        {
            return Find(contact, entityTag) is not null;
        }
    }

    /// <summary>A new publication (RFC 3903 §4.2), newest of its contact; refused when it would pass a bound.</summary>
    public PublicationLimit TryAdd(Contact contact, SourceKey source, string publisher, PublishedState state, TimeSpan lifetime, out string entityTag)
    {
        entityTag = "";
        lock (_lock)
        {
            if (LimitFor(contact, source) is not PublicationLimit.None and var limit)
            {
                return limit;
            }

            var publication = new Publication(contact, source, publisher) { EntityTag = EntityTags.New(), State = state, Order = ++_order };
            _byTag.Add(publication.EntityTag, publication);
            if (!_byContact.TryGetValue(contact.Key, out var list))
            {
                _byContact[contact.Key] = list = [];
            }

            list.Add(publication);
            _perSource[source] = _perSource.GetValueOrDefault(source) + 1;
            publication.Timer = _time.CreateTimer(static s => ((ExpiryState)s!).Fire(), new ExpiryState(this, publication),
                Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Arm(publication, lifetime);
            Tell(publication, $"published by {publisher}");
            entityTag = publication.EntityTag;
            return PublicationLimit.None;
        }
    }

    /// <summary>
    /// Refreshes (<paramref name="state"/> null, RFC 3903 §4.3) or modifies (§4.4) the publication <paramref name="entityTag"/>
    /// names, giving it a new tag; false when it names none of <paramref name="contact"/>'s. A modified publication is
    /// the newest; a refreshed one keeps its place.
    /// </summary>
    public bool TryUpdate(Contact contact, string entityTag, PublishedState? state, TimeSpan lifetime, out string newTag)
    {
        newTag = "";
        lock (_lock)
        {
            if (Find(contact, entityTag) is not { } publication)
            {
                return false;
            }

            _byTag.Remove(publication.EntityTag);
            publication.EntityTag = newTag = EntityTags.New();
            _byTag.Add(newTag, publication);
            Arm(publication, lifetime);
            if (state is not null)
            {
                publication.State = state;
                publication.Order = ++_order;
                Tell(publication, $"modified by {publication.Publisher}");
            }

            return true;
        }
    }

    /// <summary>Removes the publication <paramref name="entityTag"/> names (RFC 3903 §4.5); false when it names none of <paramref name="contact"/>'s.</summary>
    public bool TryRemove(Contact contact, string entityTag)
    {
        lock (_lock)
        {
            if (Find(contact, entityTag) is not { } publication)
            {
                return false;
            }

            Remove(publication, $"removed by {publication.Publisher}");
            return true;
        }
    }

    /// <summary>
    /// A configuration reload: the publications of each service follow to what <paramref name="follow"/> says its key
    /// names now (a removed service's stay with it until they expire: a PUBLISH to its alias is refused), and the state
    /// each maps to becomes its <paramref name="successor"/> in the new states, so the next newest, when it speaks,
    /// speaks in them.
    /// </summary>
    public void Reconfigure(Func<string, Contact?> follow, Func<PresenceState, PresenceState> successor)
    {
        lock (_lock)
        {
            foreach (var (key, list) in _byContact.ToList())
            {
                var contact = follow(key);
                foreach (var publication in list)
                {
                    publication.State = publication.State with { State = successor(publication.State.State) };
                    publication.Contact = contact ?? publication.Contact;
                }

                if (contact is not null && !string.Equals(contact.Key, key, StringComparison.OrdinalIgnoreCase))
                {
                    _byContact.Remove(key);
                    if (_byContact.TryGetValue(contact.Key, out var held))
                    {
                        held.AddRange(list);
                    }
                    else
                    {
                        _byContact[contact.Key] = list;
                    }
                }
            }
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var publication in _byTag.Values)
            {
                publication.Timer?.Dispose();
            }
        }
    }

    private PublicationLimit LimitFor(Contact contact, SourceKey source) =>
        _byTag.Count >= _options.MaxPublications ? PublicationLimit.MaxPublications
        : _byContact.TryGetValue(contact.Key, out var list) && list.Count >= _options.MaxPerAlias ? PublicationLimit.MaxPerAlias
        : _perSource.GetValueOrDefault(source) >= _options.MaxPerSource ? PublicationLimit.MaxPerSource
        : PublicationLimit.None;

    /// <summary>RFC 3903 §6: an entity-tag names event state of one resource; another contact's tag is unknown here.</summary>
    private Publication? Find(Contact contact, string entityTag) =>
        _byTag.TryGetValue(entityTag, out var publication) && string.Equals(publication.Contact.Key, contact.Key, StringComparison.OrdinalIgnoreCase)
            ? publication
            : null;

    private void Arm(Publication publication, TimeSpan lifetime)
    {
        publication.Expires = _time.GetUtcNow() + lifetime;
        publication.Timer!.Change(lifetime, Timeout.InfiniteTimeSpan);
    }

    private void Remove(Publication publication, string reason)
    {
        _byTag.Remove(publication.EntityTag);
        publication.Timer?.Dispose();
        var source = publication.Source;
        if (_perSource[source] == 1)
        {
            _perSource.Remove(source);
        }
        else
        {
            _perSource[source]--;
        }

        var key = publication.Contact.Key;
        var list = _byContact[key];
        list.Remove(publication);
        if (list.Count == 0)
        {
            _byContact.Remove(key);
            _live.Lose(publication.Contact, PresenceSource.Publication, $"the last publication was {reason}");
            return;
        }

        var newest = list.MaxBy(p => p.Order)!;
        if (newest.Order < publication.Order)
        {
            Tell(newest, $"the newest publication was {reason}; the next newest decides");
        }
    }

    /// <summary>Live presence hears <paramref name="publication"/>, the newest of its contact, as the publication source's state.</summary>
    private void Tell(Publication publication, string reason)
    {
        // False only when live presence is full of gateway contacts (admins' overrides); it logs that itself, and the
        // publication is told again at its next change.
        _ = _live.Report(publication.Contact, PresenceSource.Publication, publication.State.State, publication.State.Note, reason);
    }

    private void Expire(Publication publication)
    {
        try
        {
            int left;
            lock (_lock)
            {
                if (!_byTag.TryGetValue(publication.EntityTag, out var held) || !ReferenceEquals(held, publication))
                {
                    return;
                }

                // A refresh that raced this timer moved the expiry on; wait for it.
                var remaining = publication.Expires - _time.GetUtcNow();
                if (remaining > TimeSpan.Zero)
                {
                    publication.Timer!.Change(remaining, Timeout.InfiniteTimeSpan);
                    return;
                }

                Remove(publication, "not refreshed in time");
                left = _byContact.TryGetValue(publication.Contact.Key, out var list) ? list.Count : 0;
            }

            PublicationLog.Expired(_logger, SipFailure.Sanitize(publication.Contact.Key), publication.Publisher, left);
        }
        catch (Exception ex)
        {
            // A timer thread: a fault here must not end the process.
            PublicationLog.ExpiryFailed(_logger, ex, SipFailure.Sanitize(publication.Contact.Key));
        }
    }

    private sealed record ExpiryState(PublicationStore Store, Publication Publication)
    {
        public void Fire() => Store.Expire(Publication);
    }
}
