using System.Collections.Immutable;

namespace PresenceAgent.Presence;

/// <summary>
/// One presence state a contact can be in: a base status, the availability number Lync sees, the activity text in each
/// language, and what it says in every other format. Built in, read from the state map, or configured as a custom
/// status; <see cref="StateCatalogue"/> resolves ids to these.
/// </summary>
/// <param name="Id">What sources and configuration name the state by; compared ignoring case.</param>
/// <param name="Base">What the state counts as: how routing, PIDF's basic status and the occupancy rule read it.</param>
/// <param name="Availability">Within the range of <paramref name="Base"/> (or its idle range, for a state-map entry).</param>
/// <param name="Texts">In the catalogue: the configured languages the state has text in, in the configured order.</param>
/// <param name="Meaning">What the state says in PIDF's RPID, msrtc's activity token and xpidf.</param>
internal sealed record PresenceState(string Id, BaseStatus Base, int Availability, ImmutableArray<StateText> Texts, StatusMeaning Meaning)
{
    /// <summary>PIDF basic status (RFC 3863 §4.1.4), as <see cref="StatusMeaning.PidfOpen"/> says.</summary>
    public bool IsOpen => Meaning.PidfOpen;

    /// <summary>
    /// The text for a watcher reading <paramref name="language"/>: in that language when the state has it, else in the
    /// first language it has (the earliest configured); null for a state without text.
    /// </summary>
    public StateText? TextFor(PresenceLanguage language)
    {
        foreach (var text in Texts)
        {
            if (text.Language == language)
            {
                return text;
            }
        }

        return Texts.IsEmpty ? null : Texts[0];
    }

    /// <summary>
    /// Whether a document shows <paramref name="other"/> exactly as this state: the same id, numbers, texts and format
    /// vocabulary. Record equality cannot say it: it compares the immutable arrays by reference, and a reloaded
    /// catalogue builds equal states anew.
    /// </summary>
    public bool ShowsSameAs(PresenceState other) =>
        ReferenceEquals(this, other) ||
        (string.Equals(Id, other.Id, StringComparison.Ordinal) && Base == other.Base && Availability == other.Availability &&
         Texts.SequenceEqual(other.Texts) && Meaning.ReadsAs(other.Meaning));
}
