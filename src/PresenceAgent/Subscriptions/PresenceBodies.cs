using System.Collections.Concurrent;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Documents.Xpidf;
using PresenceAgent.Presence;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The NOTIFY body for a contact as seen at one entity URI, in one format. Documents of configured services are built
/// once per format and category set and shared (they only change with configuration); gateway contacts are built per
/// NOTIFY, since each is its own alias. A list's body is assembled from these per NOTIFY (PresenceBodies.List.cs).
/// </summary>
internal sealed partial class PresenceBodies
{
    private readonly ConcurrentDictionary<(Contact, string, DocumentFormat, CategorySet), byte[]> _cache = new();
    private readonly Func<string?, AvatarLink> _avatar;

    /// <param name="avatar">Absolute URL and content hash of a theme's avatar (null theme = default).</param>
    public PresenceBodies(Func<string?, AvatarLink> avatar) => _avatar = avatar;

    public (string ContentType, ReadOnlyMemory<byte> Body) For(Contact contact, string entity, DocumentFormat format, CategorySet categories)
    {
        var key = (contact, entity, format, categories);
        var body = contact.Kind == ContactKind.Gateway
            ? Build(key)
            : _cache.GetOrAdd(key, static (k, self) => self.Build(k), this);
        return (DocumentFormats.ContentTypeOf(format), body);
    }

    private byte[] Build((Contact Contact, string Entity, DocumentFormat Format, CategorySet Categories) key)
    {
        var presence = PresenceOf(key.Contact, key.Entity);
        return key.Format switch
        {
            DocumentFormat.MsrtcCategories => CategoriesWriter.ToBytes(presence, key.Categories),
            DocumentFormat.Xpidf => XpidfWriter.ToBytes(presence),
            _ => PidfWriter.ToBytes(presence),
        };
    }

    private ContactPresence PresenceOf(Contact contact, string entity)
    {
        // A gateway alias is a person or room elsewhere: our theme's picture would misrepresent it.
        var avatar = contact.Kind == ContactKind.Gateway ? null : _avatar(contact.Theme);
        return new ContactPresence
        {
            Entity = entity,
            DisplayName = contact.DisplayName,
            Description = contact.Description,
            DescriptionLanguage = contact.DescriptionLanguage,
            IconUrl = avatar?.Url,
            IconHash = avatar?.Hash,
            HomepageUrl = contact.Homepage,
            Availability = PublishedAvailability.Online,
            ContactUri = entity,
            Timestamp = contact.Since,
        };
    }
}

/// <summary>Where watchers fetch a theme's avatar, and the hash of its bytes.</summary>
internal sealed record AvatarLink(Uri Url, string Hash);
