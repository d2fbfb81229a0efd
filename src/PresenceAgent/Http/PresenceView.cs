using PresenceAgent.Directory;
using PresenceAgent.Presence.Live;

namespace PresenceAgent.Http;

/// <summary>
/// What <c>GET /api/services/{alias}/presence</c> answers (and PUT, after setting): what the contact shows, what
/// decided it and since when, the override if any, and the last transitions, oldest first. The records below are this
/// one document's parts.
/// </summary>
/// <param name="Contact">The contact's key: a service's first alias, a gateway contact's alias.</param>
/// <param name="Name">The name watchers see.</param>
/// <param name="State">The state shown.</param>
/// <param name="Source">What decided it: Default, Occupancy, Publication, Manual or Grace.</param>
/// <param name="Since">When it began to show.</param>
/// <param name="Override">The admin's override, or null.</param>
/// <param name="History">The last transitions (at most 100), oldest first.</param>
internal sealed record PresenceView(string Contact, string Name, ShownStateView State, string Source, DateTimeOffset Since,
    OverrideView? Override, TransitionView[] History)
{
    public static PresenceView Of(Contact contact, PresenceReport report)
    {
        var shown = report.Shown;
        return new PresenceView(contact.Key, contact.DisplayName,
            new ShownStateView(shown.State.Id, shown.State.Base.ToString(), shown.State.Availability, shown.Note),
            shown.Source.ToString(), shown.Since,
            report.Override is { } o ? new OverrideView(o.Invisible ? ManualOverride.InvisibleId : o.State.Id, o.Note, o.Until, o.Sticky) : null,
            [.. report.History.Select(t => new TransitionView(t.At, t.From, t.To, t.Source.ToString(), t.Reason))]);
    }
}

/// <param name="Id">The state's id.</param>
/// <param name="Base">Its base status.</param>
/// <param name="Availability">Its Skype for Business availability number.</param>
/// <param name="Note">The free text a source or an admin gave with it, or null (watchers see the state's own text).</param>
internal sealed record ShownStateView(string Id, string Base, int Availability, string? Note);

/// <param name="Status">The status it was set to (Invisible for an invisible one).</param>
/// <param name="Note">Its note, or null.</param>
/// <param name="Until">When it ends by itself, or null.</param>
/// <param name="Sticky">True: it stays until cleared or until; false (Available, Busy): the next automatic change ends it.</param>
internal sealed record OverrideView(string Status, string? Note, DateTimeOffset? Until, bool Sticky);

/// <param name="Time">When.</param>
/// <param name="From">The state id before.</param>
/// <param name="To">The state id after.</param>
/// <param name="Source">What decided the new state.</param>
/// <param name="Reason">Why it changed.</param>
internal sealed record TransitionView(DateTimeOffset Time, string From, string To, string Source, string Reason);
