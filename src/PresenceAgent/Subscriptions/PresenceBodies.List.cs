using System.Globalization;
using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Documents.Rlmi;
using PresenceAgent.Presence;

namespace PresenceAgent.Subscriptions;

internal sealed partial class PresenceBodies
{
    /// <summary>
    /// A list NOTIFY's body (RFC 4662 §5): <c>multipart/related</c> with the RLMI document first, then one part per
    /// resource that resolved, each the document a per-contact subscription in <paramref name="format"/> would get
    /// (cached for services, as there). A resource that names nothing is a terminated instance with reason
    /// <c>noresource</c> and no part. When <paramref name="ended"/> is set, this NOTIFY ends the subscription: every
    /// instance is terminated with that reason and still carries its last state. Each part is in <paramref name="language"/>
    /// (the first configured when null), as for <see cref="For"/>, and as the watcher's level for that resource
    /// (<paramref name="levelOf"/>, by index: each member's service may map watchers its own way) shows it.
    /// </summary>
    public (string ContentType, ReadOnlyMemory<byte> Body) ForList(ResourceList list, uint version, TerminationReason? ended,
        DocumentFormat format, CategorySet categories, Func<int, AccessLevel> levelOf, PresenceLanguage? language = null)
    {
        // Content-IDs are unique per NOTIFY (RFC 2045 §7 wants them world-unique): a random token, the resource's
        // index, and the list's domain. Instance ids stay the same for the subscription's life and start with a letter.
        var token = RandomToken();
        var states = States;
        var access = Access;
        var endedReason = ended?.Token();
        var resources = new RlmiResource[list.Resources.Count];
        // Slot 0 is the RLMI root, written once the instances it lists are known.
        var parts = new List<MimePart>(list.Resources.Count + 1) { default };
        for (var i = 0; i < resources.Length; i++)
        {
            var r = list.Resources[i];
            var id = "r" + i.ToString(CultureInfo.InvariantCulture);
            if (r.Contact is not { } contact)
            {
                resources[i] = new RlmiResource(r.Uri, null, id, null, TerminationReason.NoResource.Token());
                continue;
            }

            var cid = $"{id}.{token}@{list.Host}";
            var view = access.ViewOf(levelOf(i));
            var (contentType, body) = BodyFor(contact, r.Entity, format, categories, view, language, states);
            parts.Add(new MimePart(cid, contentType, body));
            resources[i] = new RlmiResource(r.Uri, view.HasFlag(CardAttributes.DisplayName) ? contact.DisplayName : null, id, cid, endedReason);
        }

        var rootCid = $"list.{token}@{list.Host}";
        parts[0] = new MimePart(rootCid, RlmiWriter.ContentType, RlmiWriter.ToBytes(list.Uri, version, list.Name, resources));

        var boundary = RandomToken();
        while (!MultipartRelated.Frames(boundary, parts))
        {
            boundary = RandomToken();
        }

        return (MultipartRelated.ContentType(RlmiWriter.ContentType, rootCid, boundary), MultipartRelated.ToBytes(boundary, parts));
    }

    /// <summary>96 random bits as hex: unique enough for Content-IDs and boundaries, which need no secrecy.</summary>
    private static string RandomToken()
    {
        Span<byte> bytes = stackalloc byte[12];
        Random.Shared.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
