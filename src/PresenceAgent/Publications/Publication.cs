using PresenceAgent.Directory;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Publications;

/// <summary>One publication (RFC 3903 event state) as <see cref="PublicationStore"/> keeps it; mutable only under the store's lock.</summary>
internal sealed class Publication(Contact contact, SourceKey source, string publisher)
{
    /// <summary>The service published to; a configuration reload points it at the service as configured then.</summary>
    public Contact Contact { get; set; } = contact;

    /// <summary>Where it was first published from, as MaxPerSource counts it.</summary>
    public SourceKey Source { get; } = source;

    /// <summary>The configured publisher's name, for logs.</summary>
    public string Publisher { get; } = publisher;

    /// <summary>The tag its next refresh, modify or removal must name; a new one after each.</summary>
    public required string EntityTag { get; set; }

    public required PublishedState State { get; set; }

    public DateTimeOffset Expires { get; set; }

    /// <summary>When it was published or last modified, as a sequence: the highest of a contact's decides (newest wins).</summary>
    public long Order { get; set; }

    public ITimer? Timer { get; set; }
}
