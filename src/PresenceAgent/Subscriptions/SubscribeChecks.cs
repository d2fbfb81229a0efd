using System.Globalization;
using System.Text;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Subscriptions;

/// <summary>
/// The checks a SUBSCRIBE passes before anything is kept, each giving the response that refuses it: event package
/// (489), body (415/400), Accept (406), list support and size (421/413), Expires (423).
/// </summary>
internal static class SubscribeChecks
{
    public const string PresencePackage = "presence";

    /// <summary>
    /// Checks shared by new and in-dialog SUBSCRIBEs: event package, body, Accept. Yields the document format and a
    /// Lync batchSub body, if any, with the categories it asks for.
    /// </summary>
    public static bool TryCheckCommon(IncomingRequest incoming, out SipResponse? refusal, out DocumentFormat format, out CategorySet categories,
        out BatchSubscription? batch)
    {
        var request = incoming.Request;
        refusal = null;
        format = DocumentFormat.Pidf;
        categories = CategorySet.All;
        batch = null;
        if (!IsPresence(request))
        {
            // RFC 6665 §4.2.1.1, §8.3.2; a missing Event header is no package we serve either.
            refusal = incoming.CreateResponse(489, "Bad Event (only presence is served)");
            refusal.Headers.Add(HeaderKind.AllowEvents, PresencePackage);
            return false;
        }

        if (!request.Body.IsEmpty)
        {
            if (!IsMediaType(request.ContentType, BatchSubscription.ContentType))
            {
                refusal = incoming.CreateResponse(415, "Unsupported Media Type (SUBSCRIBE body not understood)");
                refusal.Headers.Add(HeaderKind.Accept, BatchSubscription.ContentType);
                return false;
            }

            if (!BatchSubscription.TryParse(request.Body, out batch, out var error))
            {
                refusal = incoming.CreateResponse(400, $"Bad Request ({error})");
                return false;
            }

            categories = batch!.Categories;
        }

        if (AcceptedFormats.For(request.Headers) is not { } chosen)
        {
            // RFC 3856 §6.7: the NOTIFY body must be a type the SUBSCRIBE accepts.
            refusal = incoming.CreateResponse(406, "Not Acceptable (no presence format the watcher accepts)");
            refusal.Headers.Add(HeaderKind.Accept, DocumentFormats.AcceptHeader);
            return false;
        }

        format = chosen;
        return true;
    }

    /// <summary>
    /// The Event field's value as received, trimmed, when it is one line: what the package and the echoed header are
    /// read from without a string; empty when there is none or it is not raw.
    /// </summary>
    public static ReadOnlySpan<byte> RawEvent(SipRequest request)
    {
        var at = request.Headers.IndexOf(HeaderKind.Event);
        if (at < 0 || request.Headers[at] is not { IsRaw: true } field || field.RawValue.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            return default;
        }

        return field.RawValue.Trim(" \t"u8);
    }

    /// <summary>Whether the package of the (first) Event field is presence, parameters such as <c>id</c> aside (RFC 6665 §8.2.1).</summary>
    private static bool IsPresence(SipRequest request)
    {
        var raw = RawEvent(request);
        if (raw.IsEmpty)
        {
            return string.Equals(request.EventPackage, PresencePackage, StringComparison.OrdinalIgnoreCase);
        }

        var semi = raw.IndexOf((byte)';');
        return Ascii.EqualsIgnoreCase((semi < 0 ? raw : raw[..semi]).TrimEnd(" \t"u8), "presence"u8);
    }

    /// <summary>
    /// A batch is a batchSub naming resources other than the Request-URI. The per-contact SUBSCRIBE Lync sends names
    /// exactly one, the Request-URI: that one, and a body naming none, are answered for the Request-URI alone.
    /// </summary>
    public static bool IsBatch(BatchSubscription? batch, SipUri requestUri)
    {
        if (batch is null || batch.Resources.Count == 0)
        {
            return false;
        }

        return batch.Resources.Count > 1 || !(SipUri.TryParse(batch.Resources[0], out var only) &&
            string.Equals(ContactDirectory.AliasOf(only), ContactDirectory.AliasOf(requestUri), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// RFC 4662 §4.1: list NOTIFYs go only to a watcher that supports eventlist; any other gets 421 naming it (a Lync
    /// client then subscribes per contact, [MS-SIP] §3.3.5.2). A batch longer than our limit gets 413 naming the limit
    /// ([MS-SIP] §3.3.4.1 asks servers to cap batches).
    /// </summary>
    public static bool TryCheckList(IncomingRequest incoming, int batchResources, SubscriptionOptions options, out SipResponse? refusal)
    {
        refusal = null;
        if (!incoming.Request.Headers.HasToken(HeaderKind.Supported, ListSubscription.OptionTag))
        {
            refusal = incoming.CreateResponse(421, "Extension Required (eventlist: this URI is a list)");
            refusal.Headers.Add(HeaderKind.Require, ListSubscription.OptionTag);
            return false;
        }

        if (batchResources > options.MaxListResources)
        {
            refusal = incoming.CreateResponse(413,
                $"Request Entity Too Large ({batchResources} resources in the batch; at most {options.MaxListResources})");
            return false;
        }

        return true;
    }

    /// <summary>
    /// RFC 6665 §4.2.1.1 and §3.1.1: no Expires means the package default; the notifier may shorten, never
    /// lengthen; 423 only for a non-zero value below our minimum.
    /// </summary>
    public static bool TryGrantExpires(IncomingRequest incoming, SubscriptionOptions options, out long granted, out SipResponse? refusal)
    {
        refusal = null;
        var requested = incoming.Request.Expires ?? options.DefaultExpires;
        if (requested > 0 && requested < options.MinExpires)
        {
            granted = 0;
            refusal = incoming.CreateResponse(423, "Interval Too Brief");
            refusal.Headers.Add(HeaderKind.MinExpires, options.MinExpires.ToString(CultureInfo.InvariantCulture));
            return false;
        }

        granted = Math.Min(requested, options.MaxExpires);
        return true;
    }

    /// <summary>Compares the type/subtype of a media-type value, ignoring parameters and case.</summary>
    private static bool IsMediaType(string? value, string type)
    {
        if (value is null)
        {
            return false;
        }

        var semi = value.IndexOf(';', StringComparison.Ordinal);
        var bare = (semi < 0 ? value : value[..semi]).AsSpan().Trim();
        return bare.Equals(type, StringComparison.OrdinalIgnoreCase);
    }
}
