using System.Collections.Frozen;
using PresenceAgent.Documents.Pidf;
using PresenceAgent.Documents.Xml;
using PresenceAgent.Presence;

namespace PresenceAgent.Publications;

/// <summary>
/// Maps a published PIDF document onto our states (the table is in the README, section PUBLISH). An msrtc availability
/// number, when present, is the most exact a publisher can say and decides the base status; otherwise basic and the
/// RFC 4480 activities do. Busy activities outrank the away ones (a room that is in use is not away), and a meeting
/// makes Busy the built-in In a meeting. Activities we do not know (other, unknown, tokens outside RFC 4480) say
/// nothing, so an open document with only those is Available. The note shown is the person's (what SIP clients show as
/// a status message), else the document's, else a tuple's, in the first configured language that has one.
/// </summary>
internal sealed class PidfMapping
{
    /// <summary>Someone is occupied: RFC 4480 §3.2 activities that take up the presentity's attention.</summary>
    private static readonly FrozenSet<string> s_busy = FrozenSet.ToFrozenSet(
        ["busy", "on-the-phone", "meeting", "appointment", "presentation", "performance"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Someone is not there: RFC 4480 activities, and Linphone's lunch (docs/sip-clients.md).</summary>
    private static readonly FrozenSet<string> s_away = FrozenSet.ToFrozenSet(
        ["away", "vacation", "holiday", "travel", "meal", "breakfast", "dinner", "lunch", "sleeping", "shopping", "permanent-absence"],
        StringComparer.OrdinalIgnoreCase);

    private readonly Func<StateCatalogue> _states;
    private readonly int _maxNoteLength;

    /// <param name="states">The states and languages in force (a reload replaces them).</param>
    /// <param name="maxNoteLength">Publications:MaxNoteLength.</param>
    public PidfMapping(Func<StateCatalogue> states, int maxNoteLength)
    {
        _states = states;
        _maxNoteLength = maxNoteLength;
    }

    public PublishedState Map(PidfContent content)
    {
        var states = _states();
        return new(StateOf(content, states), NoteOf(content, states.Languages));
    }

    private static PresenceState StateOf(PidfContent content, StateCatalogue states)
    {
        var busy = content.Activities.Any(s_busy.Contains);
        var meeting = content.Activities.Contains("meeting", StringComparer.OrdinalIgnoreCase);
        var status = content.Availability is { } number && Availability.StatusOf(number) is { } exact ? exact
            : content.Open == false ? (busy ? BaseStatus.DoNotDisturb : BaseStatus.Offline)
            : busy ? BaseStatus.Busy

            // Linphone publishes Be right back as in-transit (docs/sip-clients.md); RFC 4480 has nothing closer.
            : content.Activities.Contains("in-transit", StringComparer.OrdinalIgnoreCase) ? BaseStatus.BeRightBack
            : content.Activities.Any(s_away.Contains) ? BaseStatus.Away
            : BaseStatus.Available;

        if (status == BaseStatus.Busy && meeting && states.TryResolve(BuiltInStates.InAMeeting, out var inAMeeting))
        {
            return inAMeeting;
        }

        // Every catalogue holds the base statuses under their names (BuiltInStates comes first).
        return states.TryResolve(status.ToString(), out var state) ? state : states.Available;
    }

    private string? NoteOf(PidfContent content, PresenceLanguages languages)
    {
        foreach (var place in (ReadOnlySpan<PidfNotePlace>)[PidfNotePlace.Person, PidfNotePlace.Presence, PidfNotePlace.Tuple])
        {
            if (Choose(content.Notes.Where(n => n.Place == place && n.Text.Length > 0).ToList(), languages) is { } note)
            {
                var text = XmlSafeText.Clean(note.Text);
                if (text.Length <= _maxNoteLength)
                {
                    return text;
                }

                // Never half a surrogate pair: the note goes into XML.
                var cut = char.IsHighSurrogate(text[_maxNoteLength - 1]) ? _maxNoteLength - 1 : _maxNoteLength;
                return text[..cut];
            }
        }

        return null;
    }

    /// <summary>The note in the earliest configured language, else one without a language, else the first.</summary>
    private static PidfNote? Choose(List<PidfNote> notes, PresenceLanguages languages)
    {
        foreach (var language in languages.All)
        {
            if (notes.Find(n => Matches(n.Language, language.Tag)) is { } inLanguage)
            {
                return inLanguage;
            }
        }

        return notes.Find(n => n.Language is null) ?? notes.FirstOrDefault();
    }

    /// <summary><c>de</c> and <c>de-DE</c> both match de-DE: a publisher need not know our region.</summary>
    private static bool Matches(string? noteLanguage, string tag)
    {
        if (noteLanguage is null)
        {
            return false;
        }

        var primary = tag.AsSpan(0, tag.IndexOf('-') is var dash and >= 0 ? dash : tag.Length);
        return noteLanguage.Equals(tag, StringComparison.OrdinalIgnoreCase) || noteLanguage.AsSpan().Equals(primary, StringComparison.OrdinalIgnoreCase);
    }
}
