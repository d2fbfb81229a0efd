using System.Collections.Concurrent;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Documents.Xpidf;
using PresenceAgent.Presence;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The NOTIFY body for a contact as seen at one entity URI, in one format and the watcher's language. Documents of
/// configured services are built once per alias as addressed, format, category set and language and shared (they only
/// change with configuration); gateway contacts are built per NOTIFY, since each is its own alias. A list's body is
/// assembled from these per NOTIFY (PresenceBodies.List.cs).
/// </summary>
internal sealed partial class PresenceBodies
{
    private readonly ConcurrentDictionary<BodyKey, CachedBody> _cache = new();
    private readonly Func<string?, AvatarLink> _avatar;

    /// <param name="avatar">Absolute URL and content hash of a theme's avatar (null theme = default).</param>
    /// <param name="languages">The configured languages (Presence:Languages); the built-in ones when not given.</param>
    public PresenceBodies(Func<string?, AvatarLink> avatar, PresenceLanguages? languages = null)
    {
        _avatar = avatar;
        Languages = languages ?? PresenceLanguages.Default;
    }

    /// <summary>The configured languages, whose <see cref="PresenceLanguages.Negotiate"/> gives a watcher's language.</summary>
    public PresenceLanguages Languages { get; }

    /// <summary>
    /// Service documents held: one per contact, entity ignoring case, format, category set and (PIDF only) language. The
    /// entities that reach a service are its aliases in the hosts we serve, and the languages are the configured ones, so
    /// the count is bounded by configuration, not by what watchers send.
    /// </summary>
    internal int CachedCount => _cache.Count;

    /// <summary>
    /// The body for <paramref name="contact"/> addressed as <paramref name="entity"/>; PIDF's note is in
    /// <paramref name="language"/> (from <see cref="Languages"/>), the first configured when null.
    /// </summary>
    public (string ContentType, ReadOnlyMemory<byte> Body) For(Contact contact, string entity, DocumentFormat format, CategorySet categories,
        PresenceLanguage? language = null)
    {
        entity = PresentityUri.Canonical(entity);

        // Only PIDF picks one language (msrtc carries them all, xpidf none), so other formats share one document.
        language = format == DocumentFormat.Pidf ? language ?? Languages.First : Languages.First;
        var key = new BodyKey(contact, entity, format, categories, language);
        var body = contact.Kind == ContactKind.Gateway ? Build(key) : Shared(key);
        return (DocumentFormats.ContentTypeOf(format), body);
    }

    /// <summary>
    /// A service's document from the cache. Spellings of an alias that differ only in the user part's case share one
    /// slot, since RFC 3261 keeps them distinct URIs and the entity keeps that case: the first spelling seen fills it,
    /// any other is built per NOTIFY, as a gateway's is. The cache so stays as small as the configuration, whatever a
    /// watcher sends.
    /// </summary>
    private byte[] Shared(BodyKey key)
    {
        var cached = _cache.GetOrAdd(key, static (k, self) => new CachedBody(k.Entity, self.Build(k)), this);
        return string.Equals(cached.Entity, key.Entity, StringComparison.Ordinal) ? cached.Body : Build(key);
    }

    private byte[] Build(BodyKey key)
    {
        var presence = PresenceOf(key.Contact, key.Entity, key.Language);
        return key.Format switch
        {
            DocumentFormat.MsrtcCategories => CategoriesWriter.ToBytes(presence, key.Categories),
            DocumentFormat.Xpidf => XpidfWriter.ToBytes(presence),
            _ => PidfWriter.ToBytes(presence),
        };
    }

    private ContactPresence PresenceOf(Contact contact, string entity, PresenceLanguage language)
    {
        // A gateway contact has no theme: like a service without one it shows the default theme's picture, as Pexip
        // Infinity shows its gateway contacts.
        var avatar = _avatar(contact.Theme);
        return new ContactPresence
        {
            Entity = entity,
            DisplayName = contact.DisplayName,
            Description = contact.Description,
            DescriptionLanguage = contact.DescriptionLanguage,
            IconUrl = avatar.Url,
            IconHash = avatar.Hash,
            HomepageUrl = contact.Homepage,
            State = contact.DefaultState,
            Language = language,
            ContactUri = entity,
            Timestamp = contact.Since,
        };
    }

    /// <summary>A cache slot: the entity compares ignoring case, so an alias's case variants find the same slot.</summary>
    private readonly record struct BodyKey(Contact Contact, string Entity, DocumentFormat Format, CategorySet Categories, PresenceLanguage Language)
    {
        public bool Equals(BodyKey other) =>
            ReferenceEquals(Contact, other.Contact) && Format == other.Format && Categories == other.Categories && Language == other.Language &&
            string.Equals(Entity, other.Entity, StringComparison.OrdinalIgnoreCase);

        public override int GetHashCode() =>
            HashCode.Combine(Contact, StringComparer.OrdinalIgnoreCase.GetHashCode(Entity), Format, Categories, Language);
    }

    /// <summary>A cached document and the exact entity spelling it carries.</summary>
    private sealed record CachedBody(string Entity, byte[] Body);
}

/// <summary>Where watchers fetch a theme's avatar, and the hash of its bytes.</summary>
internal sealed record AvatarLink(Uri Url, string Hash);
