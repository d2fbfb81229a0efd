using System.Text;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The bytes of the peer's text a subscription keeps, as received, measured before it is made: what bounds it
/// against <see cref="SubscriptionOptions.MaxBytesPerSubscription"/>. The count is cheap (lengths only, no copies).
/// </summary>
internal static class SubscriptionFootprint
{
    /// <summary>
    /// The header values the dialog keeps verbatim or nearly so (From as the NOTIFY's To, To as its From, Call-ID, the
    /// Contact's URI as the remote target, every Record-Route as the route set, Event), and the Request-URI's user
    /// and host, which become the entity. A value repeated where the dialog keeps the first counts once.
    /// </summary>
    /// <remarks><paramref name="uriBytes"/> is <see cref="OfUri"/> of the Request-URI when known already.</remarks>
    public static int OfRequest(SipRequest request, int? uriBytes = null)
    {
        var bytes = uriBytes ?? OfUri(request.RequestUri);
        var seen = 0ul;
        foreach (var field in request.Headers)
        {
            if (field.Kind is HeaderKind.RecordRoute ||
                (field.Kind is HeaderKind.From or HeaderKind.To or HeaderKind.CallId or HeaderKind.Contact or HeaderKind.Event &&
                 (seen & (1ul << (int)field.Kind)) == 0))
            {
                seen |= 1ul << (int)field.Kind;
                bytes += field.IsRaw ? field.RawValue.Length : field.Value.Length;
            }
        }

        return bytes;
    }

    /// <summary>What of the Request-URI becomes the entity: its user and host.</summary>
    public static int OfUri(SipUri uri) => (uri.User?.Length ?? 0) + uri.Host.Length;

    /// <summary>A Lync batch keeps each resource URI as the batch wrote it (the watcher recognises its own strings).</summary>
    public static int OfBatch(BatchSubscription batch)
    {
        var bytes = 0;
        foreach (var resource in batch.Resources)
        {
            bytes += Encoding.UTF8.GetByteCount(resource);
        }

        return bytes;
    }
}
