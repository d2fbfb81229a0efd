using System.Collections.Concurrent;
using PresenceAgent.Contacts;
using PresenceAgent.Pidf;
using PresenceAgent.Presence;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The NOTIFY body for a contact as seen at one entity URI. Documents of configured services are built once and
/// shared (they only change with configuration); gateway contacts are built per NOTIFY, since each is its own alias.
/// </summary>
internal sealed class PresenceBodies
{
    private readonly ConcurrentDictionary<(Contact, string), byte[]> _cache = new();
    private readonly Func<string?, Uri> _avatarUrl;

    /// <param name="avatarUrl">Absolute URL of a theme's avatar (null theme = default).</param>
    public PresenceBodies(Func<string?, Uri> avatarUrl) => _avatarUrl = avatarUrl;

    public (string ContentType, ReadOnlyMemory<byte> Body) For(Contact contact, string entity)
    {
        var body = contact.Kind == ContactKind.Gateway
            ? Build(contact, entity)
            : _cache.GetOrAdd((contact, entity), static (key, self) => self.Build(key.Item1, key.Item2), this);
        return (PidfWriter.ContentType, body);
    }

    private byte[] Build(Contact contact, string entity) =>
        PidfWriter.ToBytes(new ContactPresence
        {
            Entity = entity,
            DisplayName = contact.DisplayName,
            Description = contact.Description,
            DescriptionLanguage = contact.DescriptionLanguage,

            // A gateway alias is a person or room elsewhere: our theme's picture would misrepresent it.
            IconUrl = contact.Kind == ContactKind.Gateway ? null : _avatarUrl(contact.Theme),
            HomepageUrl = contact.Homepage,
            Availability = PublishedAvailability.Online,
            ContactUri = entity,
            Timestamp = contact.Since,
        });
}
