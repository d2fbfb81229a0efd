using System.Collections.Concurrent;
using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Documents.Xpidf;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The NOTIFY body for a contact as seen at one entity URI, in one format and the watcher's language, showing what
/// <see cref="LivePresence"/> says the contact shows. Documents of configured services are built once per alias as
/// addressed, format, category set, language, what the watcher's access level sees (its view: levels that see the same
/// share one document), presence version and avatar revision, and shared by every watcher who gets that document: a
/// change is rendered once per combination, however many watchers the fan-out notifies. Gateway contacts
/// are built per NOTIFY, since each is its own alias. A list's body is assembled from these per NOTIFY
/// (PresenceBodies.List.cs).
/// </summary>
internal sealed partial class PresenceBodies
{
    private readonly ConcurrentDictionary<BodyKey, CachedBody> _cache = new();
    private readonly Func<string?, AvatarLink> _avatar;
    private readonly Func<long>? _avatarRevision;
    private readonly Func<ConfigurationSnapshot>? _configuration;
    private readonly LivePresence? _live;
    private readonly TimeProvider _time;

    /// <param name="avatar">Absolute URL and content hash of a theme's avatar (null theme = default).</param>
    /// <param name="configuration">
    /// The configuration in force: its languages (Presence:Languages), its access levels and its Offline state. Without
    /// it, the built-in languages and states and the seed's attribute levels.
    /// </param>
    /// <param name="live">What each contact shows; without it, every contact shows its default.</param>
    /// <param name="avatarRevision">
    /// Moves whenever any avatar does (<c>ThemeStore.Revision</c>): a cached document built under another revision is
    /// built again. Without it, avatars never change.
    /// </param>
    /// <param name="time">The clock an out-of-office note's dates are read by; the system's when not given.</param>
    public PresenceBodies(Func<string?, AvatarLink> avatar, Func<ConfigurationSnapshot>? configuration = null, LivePresence? live = null,
        Func<long>? avatarRevision = null, TimeProvider? time = null)
    {
        _avatar = avatar;
        _time = time ?? TimeProvider.System;
        _avatarRevision = avatarRevision;
        _live = live;
        _configuration = configuration;
    }

    /// <summary>The configured languages in force, whose <see cref="PresenceLanguages.Negotiate"/> gives a watcher's language.</summary>
    public PresenceLanguages Languages => States.Languages;

    private StateCatalogue States => _configuration?.Invoke().States ?? StateCatalogue.BuiltIn;

    private AccessPolicy Access => _configuration?.Invoke().Access ?? AccessPolicy.Default;

    /// <summary>
    /// Service documents held: one per contact, entity ignoring case, format, category set, (PIDF only) language and
    /// view. The entities that reach a service are its aliases in the hosts we serve, the languages are the configured
    /// ones and the views one per access level (five), so the count is bounded by configuration, not by what watchers send.
    /// </summary>
    internal int CachedCount => _cache.Count;

    /// <summary>
    /// The body for <paramref name="contact"/> addressed as <paramref name="entity"/>, as a watcher at
    /// <paramref name="level"/> sees it; PIDF's note is in <paramref name="language"/> (from <see cref="Languages"/>),
    /// the first configured when null.
    /// </summary>
    public (string ContentType, ReadOnlyMemory<byte> Body) For(Contact contact, string entity, DocumentFormat format, CategorySet categories,
        AccessLevel level, PresenceLanguage? language = null) =>
        BodyFor(contact, entity, format, categories, Access.ViewOf(level), language, States);

    /// <summary>
    /// Forgets the documents of services <paramref name="stale"/> says a reload replaced or removed: the cache holds a
    /// document per contact object, and after a reload nobody asks for the old objects' again.
    /// </summary>
    public void Forget(Func<Contact, bool> stale)
    {
        foreach (var key in _cache.Keys)
        {
            if (stale(key.Contact))
            {
                _cache.TryRemove(key, out _);
            }
        }
    }

    private (string ContentType, ReadOnlyMemory<byte> Body) BodyFor(Contact contact, string entity, DocumentFormat format, CategorySet categories,
        CardAttributes view, PresenceLanguage? language, StateCatalogue states)
    {
        entity = PresentityUri.Canonical(entity);

        // Only PIDF picks one language (msrtc carries them all, xpidf none), so other formats share one document.
        var languages = states.Languages;
        language = format == DocumentFormat.Pidf ? language ?? languages.First : languages.First;

        // Levels whose views differ only in attributes the contact lacks share one document: its configured ones, and
        // a meeting only while one is under way.
        var shown = _live?.Current(contact) ?? ShownPresence.DefaultOf(contact);
        view &= contact.Attributes;
        if (shown.Meeting is null)
        {
            view &= ~CardAttributes.Meeting;
        }

        // Without availability the contact shows Offline and nothing else: no card, no notes, no services (polite blocking).
        if ((view & CardAttributes.Availability) == 0)
        {
            categories &= CategorySet.State;
        }

        var key = new BodyKey(contact, entity, format, categories, language, view);
        var body = contact.Kind == ContactKind.Gateway ? Build(key, shown, states) : Shared(key, shown, _avatarRevision?.Invoke() ?? 0, states);
        return (DocumentFormats.ContentTypeOf(format), body);
    }

    /// <summary>
    /// A service's document from the cache. Spellings of an alias that differ only in the user part's case share one
    /// slot, since RFC 3261 keeps them distinct URIs and the entity keeps that case: the first spelling seen fills it,
    /// any other is built per NOTIFY, as a gateway's is. The cache so stays as small as the configuration, whatever a
    /// watcher sends. The avatar revision is read before the avatar link is, so a body stored under a revision never
    /// shows an older avatar.
    /// </summary>
    private byte[] Shared(BodyKey key, ShownPresence shown, long avatarRevision, StateCatalogue states)
    {
        if (!_cache.TryGetValue(key, out var cached) || cached.Version < shown.Version || cached.AvatarRevision != avatarRevision)
        {
            // First, a newer presence, or another avatar: built for the spelling the slot holds. Threads racing here each
            // build it and any result is right; a slower one storing an older version is replaced by the next reader.
            var entity = cached?.Entity ?? key.Entity;
            cached = new CachedBody(entity, shown.Version, avatarRevision, Build(key with { Entity = entity }, shown, states));
            _cache[key] = cached;
        }

        return cached.Version == shown.Version && cached.AvatarRevision == avatarRevision && string.Equals(cached.Entity, key.Entity, StringComparison.Ordinal)
            ? cached.Body
            : Build(key, shown, states);
    }

    private byte[] Build(BodyKey key, ShownPresence shown, StateCatalogue states)
    {
        var presence = PresenceOf(key.Contact, key.Entity, key.Language, shown, key.View, states);
        return key.Format switch
        {
            DocumentFormat.MsrtcCategories => CategoriesWriter.ToBytes(presence, key.Categories),
            DocumentFormat.Xpidf => XpidfWriter.ToBytes(presence),
            _ => PidfWriter.ToBytes(presence),
        };
    }

    /// <summary>What the document says: the contact as <paramref name="view"/> shows it.</summary>
    private ContactPresence PresenceOf(Contact contact, string entity, PresenceLanguage language, ShownPresence shown, CardAttributes view,
        StateCatalogue states)
    {
        // A gateway contact has no theme: like a service without one it shows the default theme's picture, as Pexip
        // Infinity shows its gateway contacts.
        var avatar = view.HasFlag(CardAttributes.Photo) ? _avatar(contact.Theme) : null;
        var available = view.HasFlag(CardAttributes.Availability);

        // An out-of-office note outside its dates is left out; when one starts or ends, the contact's version moves.
        var card = contact.Card.At(_time.GetUtcNow());
        return new ContactPresence
        {
            Entity = entity,
            DisplayName = view.HasFlag(CardAttributes.DisplayName) ? contact.DisplayName : "",
            Description = view.HasFlag(CardAttributes.Description) ? contact.Description : null,
            DescriptionLanguage = contact.DescriptionLanguage,
            IconUrl = avatar?.Url,
            IconHash = avatar?.Hash,
            HomepageUrl = view.HasFlag(CardAttributes.Homepage) ? contact.Homepage : null,
            Card = CardView.Filter(shown.Meeting is null ? card : card with { Meeting = shown.Meeting }, view),
            State = available ? WithNote(shown.State, shown.Note, states.Languages) : states.Offline,
            Language = language,
            ContactUri = entity,

            // The latest of its presence's change, its meeting's and its data's: a contact a reload changed reads as
            // changed then. Not to a watcher who sees no availability, whose document must not tell when the room's
            // state moves.
            Timestamp = available ? Latest(Latest(shown.Since, shown.CardSince), contact.Since) : contact.Since,
        };
    }

    private static DateTimeOffset Latest(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// A source's or an admin's note is shown in place of the state's own text, in every language (it is written in
    /// one, and a Lync watcher shows only the text of its own locale).
    /// </summary>
    private static PresenceState WithNote(PresenceState state, string? note, PresenceLanguages languages) =>
        note is null ? state : state with { Texts = [.. languages.All.Select(l => new StateText(l, note))] };

    /// <summary>A cache slot: the entity compares ignoring case, so an alias's case variants find the same slot.</summary>
    private readonly record struct BodyKey(Contact Contact, string Entity, DocumentFormat Format, CategorySet Categories, PresenceLanguage Language,
        CardAttributes View)
    {
        public bool Equals(BodyKey other) =>
            ReferenceEquals(Contact, other.Contact) && Format == other.Format && Categories == other.Categories && Language == other.Language &&
            View == other.View && string.Equals(Entity, other.Entity, StringComparison.OrdinalIgnoreCase);

        public override int GetHashCode() =>
            HashCode.Combine(Contact, StringComparer.OrdinalIgnoreCase.GetHashCode(Entity), (int)Format, (int)Categories, Language, (int)View);
    }

    /// <summary>A cached document, the exact entity spelling it carries, and the presence version and avatar revision it shows.</summary>
    private sealed record CachedBody(string Entity, long Version, long AvatarRevision, byte[] Body);
}

/// <summary>Where watchers fetch a theme's avatar, and the hash of its bytes.</summary>
internal sealed record AvatarLink(Uri Url, string Hash);
