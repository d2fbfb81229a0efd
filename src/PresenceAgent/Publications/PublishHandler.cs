using System.Globalization;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Logging;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Publications;

/// <summary>
/// The stack's handler for PUBLISH in the presence event package (RFC 3903): a configured publisher's publications
/// for a service alias, kept in the <see cref="PublicationStore"/>, which tells live presence. The checks run cheapest
/// first and in RFC 3903 §6's order, except that who is asking comes first: a stranger gets 403 before its Event,
/// alias or body is read, so a flood costs little and learns nothing of which aliases exist; a publisher is then
/// challenged when Authentication:Methods has PUBLISH and it is not a trusted peer (401). Then: event package (489),
/// alias (404; 403 for a gateway alias), body size (413), SIP-If-Match (412, or 400 with neither it nor a body),
/// Expires (423; 0 removes), body type (415), bounds (503), the document (400); then 200 with a new SIP-ETag.
/// </summary>
internal sealed class PublishHandler : ISipRequestHandler
{
    public const string PresencePackage = "presence";

    private readonly Publishers _publishers;
    private readonly RunningConfiguration _running;
    private readonly PublicationStore _store;
    private readonly PidfMapping _mapping;
    private readonly PublicationOptions _options;
    private readonly PublishReplies _replies;
    private readonly RequestAuthentication _authentication;

    public PublishHandler(Publishers publishers, RunningConfiguration running, PublicationStore store, PidfMapping mapping, PublicationOptions options,
        ILogger<PublishHandler> logger, PeerLogSampler sampler, RequestAuthentication authentication)
    {
        _authentication = authentication;
        _publishers = publishers;
        _running = running;
        _store = store;
        _mapping = mapping;
        _options = options;
        _replies = new PublishReplies(options, logger, sampler);
    }

    public IReadOnlyCollection<string> Methods { get; } = [SipMethods.Publish];

    public IReadOnlyCollection<string> AllowEvents { get; } = [PresencePackage];

    public IReadOnlyCollection<string> AcceptedContentTypes { get; } = [PidfWriter.ContentType];

    public IReadOnlyCollection<string> OptionTags { get; } = [];

    public ValueTask HandleRequestAsync(IncomingRequest incoming, CancellationToken cancellationToken)
    {
        if (_publishers.Find(incoming) is not { } publisher)
        {
            return _replies.ForbidAsync(incoming);
        }

        // A source network can be forged over UDP; an answer to a nonce bound to the source cannot be made blind.
        if (!_authentication.TryAuthenticate(incoming, out _, out var challenge))
        {
            return _replies.RefuseAsync(incoming, challenge, publisher, "not authenticated");
        }

        var request = incoming.Request;
        if (!string.Equals(request.EventPackage, PresencePackage, StringComparison.OrdinalIgnoreCase))
        {
            // RFC 3903 §6 step 2 (RFC 6665 §8.3.2): a missing Event header is no package we serve either.
            var badEvent = incoming.CreateResponse(489, "Bad Event (only presence is published here)");
            badEvent.Headers.Add(HeaderKind.AllowEvents, PresencePackage);
            return _replies.RefuseAsync(incoming, badEvent, publisher, "bad event");
        }

        switch (_running.Current.Contacts.Resolve(request.RequestUri))
        {
            case null:
                return _replies.RefuseAsync(incoming, incoming.CreateResponse(404, "Not Found (no such conference alias)"), publisher, "unknown alias");
            case { Kind: ContactKind.Gateway }:
                // A gateway alias stands for its routing rule's destination, whose presence is not ours to set.
                return _replies.RefuseAsync(incoming, incoming.CreateResponse(403, "Forbidden (a gateway alias takes no publications)"), publisher,
                    "gateway alias");
            case var contact:
                return HandleAsync(incoming, contact, publisher);
        }
    }

    private ValueTask HandleAsync(IncomingRequest incoming, Contact contact, string publisher)
    {
        var request = incoming.Request;
        var source = SourceKey.Of(incoming.Flow.RemoteEndPoint.Address);
        if (request.Body.Length > _options.MaxBodyBytes)
        {
            return _replies.RefuseByLimitAsync(incoming, PublicationLimit.MaxBodyBytes, source, publisher);
        }

        var ifMatch = request.Headers.GetFirst(PublishReplies.SipIfMatch)?.Trim();
        if (ifMatch is { Length: 0 })
        {
            return _replies.RefuseAsync(incoming, incoming.CreateResponse(400, "Bad Request (empty SIP-If-Match)"), publisher, "empty SIP-If-Match");
        }

        // RFC 3903 §6 step 4: the tag must name a publication of this resource that has not expired.
        if (ifMatch is not null && !_store.Has(contact, ifMatch))
        {
            return Unknown(incoming, publisher);
        }

        if (ifMatch is null && request.Body.IsEmpty)
        {
            return _replies.RefuseAsync(incoming, incoming.CreateResponse(400, "Bad Request (neither a body nor SIP-If-Match)"), publisher,
                "no body, no SIP-If-Match");
        }

        var requested = request.Expires ?? _options.DefaultExpires;
        if (requested == 0)
        {
            return Remove(incoming, contact, ifMatch, publisher);
        }

        // RFC 3903 §6 step 5: 423 only below our minimum; longer is shortened, never refused.
        if (requested < _options.MinExpires)
        {
            var brief = incoming.CreateResponse(423, "Interval Too Brief");
            brief.Headers.Add(HeaderKind.MinExpires, _options.MinExpires.ToString(CultureInfo.InvariantCulture));
            return _replies.RefuseAsync(incoming, brief, publisher, "interval too brief");
        }

        var granted = Math.Min(requested, _options.MaxExpires);
        var lifetime = TimeSpan.FromSeconds(granted);
        if (request.Body.IsEmpty)
        {
            return _store.TryUpdate(contact, ifMatch!, state: null, lifetime, out var refreshed)
                ? _replies.AcceptAsync(incoming, refreshed, granted, publisher, "refreshed")
                : Unknown(incoming, publisher);
        }

        if (!IsPidf(request.ContentType))
        {
            var unsupported = incoming.CreateResponse(415, "Unsupported Media Type (publish application/pidf+xml)");
            unsupported.Headers.Add(HeaderKind.Accept, PidfWriter.ContentType);
            return _replies.RefuseAsync(incoming, unsupported, publisher, "not PIDF");
        }

        // Before the document is read: a publisher at its bound costs no parsing.
        if (ifMatch is null && _store.Check(contact, source) is not PublicationLimit.None and var full)
        {
            return _replies.RefuseByLimitAsync(incoming, full, source, publisher);
        }

        if (!PidfReader.TryRead(request.Body, _options.MaxBodyBytes, out var content, out var error))
        {
            return _replies.RefuseAsync(incoming, incoming.CreateResponse(400, $"Bad Request ({error})"), publisher, error);
        }

        var state = _mapping.Map(content!);
        if (ifMatch is not null)
        {
            return _store.TryUpdate(contact, ifMatch, state, lifetime, out var modified)
                ? _replies.AcceptAsync(incoming, modified, granted, publisher, $"modified: {state.State.Id}")
                : Unknown(incoming, publisher);
        }

        // Checked again as it is added: PUBLISHes from one source may have raced past the check above.
        return _store.TryAdd(contact, source, publisher, state, lifetime, out var created) is not PublicationLimit.None and var limit
            ? _replies.RefuseByLimitAsync(incoming, limit, source, publisher)
            : _replies.AcceptAsync(incoming, created, granted, publisher, $"published: {state.State.Id}");
    }

    /// <summary>RFC 3903 §4.5: Expires 0 with SIP-If-Match removes that publication; the 2xx still carries a tag, one that names nothing.</summary>
    private ValueTask Remove(IncomingRequest incoming, Contact contact, string? ifMatch, string publisher)
    {
        if (ifMatch is null)
        {
            return _replies.RefuseAsync(incoming, incoming.CreateResponse(400, "Bad Request (Expires: 0 removes the publication SIP-If-Match names)"),
                publisher, "removal without SIP-If-Match");
        }

        return _store.TryRemove(contact, ifMatch)
            ? _replies.AcceptAsync(incoming, EntityTags.New(), 0, publisher, "removed")
            : Unknown(incoming, publisher);
    }

    /// <summary>RFC 3903 §11.2.1: the tag names no live publication of this alias (never one, expired, removed, or another alias's).</summary>
    private ValueTask Unknown(IncomingRequest incoming, string publisher) =>
        _replies.RefuseAsync(incoming, incoming.CreateResponse(412, "Conditional Request Failed (unknown or expired entity-tag)"), publisher,
            "unknown entity-tag");

    /// <summary>The type/subtype of a Content-Type value, ignoring parameters (a charset) and case.</summary>
    private static bool IsPidf(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }

        var semi = contentType.IndexOf(';', StringComparison.Ordinal);
        return (semi < 0 ? contentType : contentType[..semi]).AsSpan().Trim().Equals(PidfWriter.ContentType, StringComparison.OrdinalIgnoreCase);
    }
}
