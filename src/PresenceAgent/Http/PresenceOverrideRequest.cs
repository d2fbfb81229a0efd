using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using SipFailure = PresenceAgent.Sip.Messages.SipFailure;

namespace PresenceAgent.Http;

/// <summary>The body of <c>PUT /api/services/{alias}/presence</c>: an admin's override of what the service shows.</summary>
internal sealed class PresenceOverrideRequest
{
    /// <summary>
    /// The longest note: a status line, not a message. Lync shows a note on one line of the contact card, and every
    /// document to every watcher carries it.
    /// </summary>
    public const int MaxNoteLength = 256;

    /// <summary>
    /// A state id, compared ignoring case: a base status (Available, Busy, DoNotDisturb, BeRightBack, Away, Offline), a
    /// built-in, custom or state-map status, or Invisible (watchers see Offline while the room keeps working).
    /// </summary>
    public required string Status { get; init; }

    /// <summary>Free text watchers see instead of the status's own, at most 256 characters on one line.</summary>
    public string? Note { get; init; }

    /// <summary>When the override ends by itself: ISO 8601 with its offset, in the future. Absent: until cleared.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The override this asks for, or the problem of each field at fault.</summary>
    public (ManualOverride? Override, Dictionary<string, string[]> Errors) ToOverride(StateCatalogue states, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var invisible = string.Equals(Status, ManualOverride.InvisibleId, StringComparison.OrdinalIgnoreCase);
        PresenceState? state = null;
        if (!invisible && !states.TryResolve(Status, out state))
        {
            errors["status"] = [$"'{SipFailure.Sanitize(Status)}' is no status; one of {ValidIds(states)}."];
        }
        else if (invisible && !states.TryResolve(nameof(BaseStatus.Offline), out state))
        {
            throw new InvalidOperationException("The states lack the base status Offline.");
        }

        var note = string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
        if (note is not null && OneLineText.Fault(note, MaxNoteLength, "a note") is { } fault)
        {
            errors["note"] = [fault];
        }

        if (Until is { } until && until <= now)
        {
            errors["until"] = [$"{until:O} has passed; give a time in the future, or leave until out."];
        }

        return errors.Count > 0 || state is null ? (null, errors) : (new ManualOverride(state, note, Until, invisible), errors);
    }

    /// <summary>Every id <see cref="Status"/> may name, by base status then id, for the message that refuses another.</summary>
    private static string ValidIds(StateCatalogue states) =>
        string.Join(", ", states.States.OrderBy(s => s.Base).ThenBy(s => s.Id, StringComparer.OrdinalIgnoreCase).Select(s => s.Id)
            .Append(ManualOverride.InvisibleId));
}
