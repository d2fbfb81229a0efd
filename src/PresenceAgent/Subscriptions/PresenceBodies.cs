using System.Collections.Concurrent;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Documents.Xpidf;
using PresenceAgent.Presence;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The NOTIFY body for a contact as seen at one entity URI, in one format. Documents of configured services are built
/// once per alias as addressed, format and category set and shared (they only change with configuration); gateway
/// contacts are built per NOTIFY, since each is its own alias. A list's body is assembled from these per NOTIFY
/// (PresenceBodies.List.cs).
/// </summary>
internal sealed partial class PresenceBodies
{
    private readonly ConcurrentDictionary<BodyKey, CachedBody> _cache = new();
    private readonly Func<string?, AvatarLink> _avatar;

    /// <param name="avatar">Absolute URL and content hash of a theme's avatar (null theme = default).</param>
    public PresenceBodies(Func<string?, AvatarLink> avatar) => _avatar = avatar;

    /// <summary>
    /// Service documents held: one per contact, entity ignoring case, format and category set. The entities that reach a
    /// service are its aliases in the hosts we serve, so the count is bounded by configuration, not by what watchers send.
    /// </summary>
    internal int CachedCount => _cache.Count;

    public (string ContentType, ReadOnlyMemory<byte> Body) For(Contact contact, string entity, DocumentFormat format, CategorySet categories)
    {
        entity = PresentityUri.Canonical(entity);
        var body = contact.Kind == ContactKind.Gateway ? Build(contact, entity, format, categories) : Shared(contact, entity, format, categories);
        return (DocumentFormats.ContentTypeOf(format), body);
    }

    /// <summary>
    /// A service's document from the cache. Spellings of an alias that differ only in the user part's case share one
    /// slot, since RFC 3261 keeps them distinct URIs and the entity keeps that case: the first spelling seen fills it,
    /// any other is built per NOTIFY, as a gateway's is. The cache so stays as small as the configuration, whatever a
    /// watcher sends.
    /// </summary>
    private byte[] Shared(Contact contact, string entity, DocumentFormat format, CategorySet categories)
    {
        var cached = _cache.GetOrAdd(new BodyKey(contact, entity, format, categories),
            static (k, self) => new CachedBody(k.Entity, self.Build(k.Contact, k.Entity, k.Format, k.Categories)), this);
        return string.Equals(cached.Entity, entity, StringComparison.Ordinal) ? cached.Body : Build(contact, entity, format, categories);
    }

    private byte[] Build(Contact contact, string entity, DocumentFormat format, CategorySet categories)
    {
        var presence = PresenceOf(contact, entity);
        return format switch
        {
            DocumentFormat.MsrtcCategories => CategoriesWriter.ToBytes(presence, categories),
            DocumentFormat.Xpidf => XpidfWriter.ToBytes(presence),
            _ => PidfWriter.ToBytes(presence),
        };
    }

    private ContactPresence PresenceOf(Contact contact, string entity)
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
            Availability = PublishedAvailability.Online,
            ContactUri = entity,
            Timestamp = contact.Since,
        };
    }

    /// <summary>A cache slot: the entity compares ignoring case, so an alias's case variants find the same slot.</summary>
    private readonly record struct BodyKey(Contact Contact, string Entity, DocumentFormat Format, CategorySet Categories)
    {
        public bool Equals(BodyKey other) =>
            ReferenceEquals(Contact, other.Contact) && Format == other.Format && Categories == other.Categories &&
            string.Equals(Entity, other.Entity, StringComparison.OrdinalIgnoreCase);

        public override int GetHashCode() =>
            HashCode.Combine(Contact, StringComparer.OrdinalIgnoreCase.GetHashCode(Entity), Format, Categories);
    }

    /// <summary>A cached document and the exact entity spelling it carries.</summary>
    private sealed record CachedBody(string Entity, byte[] Body);
}

/// <summary>Where watchers fetch a theme's avatar, and the hash of its bytes.</summary>
internal sealed record AvatarLink(Uri Url, string Hash);
