using PresenceAgent.Documents.Pidf;
using PresenceAgent.Presence;
using PresenceAgent.Publications;

namespace PresenceAgent.Tests.Publications;

/// <summary>The README's mapping table from a published document to our states, row by row, and which note is shown.</summary>
public sealed class PidfMappingTests
{
    private readonly PidfMapping _mapping = new(() => StateCatalogue.BuiltIn, maxNoteLength: 32);

    [Theory]
    [InlineData(true, "", "Available")]
    [InlineData(null, "", "Available")]
    [InlineData(true, "other,unknown,idle", "Available")]
    [InlineData(false, "", "Offline")]
    [InlineData(false, "away", "Offline")]
    [InlineData(false, "busy", "DoNotDisturb")]
    [InlineData(false, "meeting", "DoNotDisturb")]
    [InlineData(true, "busy", "Busy")]
    [InlineData(true, "on-the-phone", "Busy")]
    [InlineData(true, "appointment", "Busy")]
    [InlineData(true, "presentation", "Busy")]
    [InlineData(true, "performance", "Busy")]
    [InlineData(true, "meeting,busy", "InAMeeting")]
    [InlineData(true, "meeting", "InAMeeting")]
    [InlineData(true, "away,busy", "Busy")]
    [InlineData(true, "in-transit", "BeRightBack")]
    [InlineData(true, "away,in-transit", "BeRightBack")]
    [InlineData(true, "away", "Away")]
    [InlineData(true, "vacation", "Away")]
    [InlineData(true, "lunch", "Away")]
    [InlineData(true, "permanent-absence", "Away")]
    [InlineData(true, "BUSY", "Busy")]
    public void Basic_and_activities_give_the_state(bool? open, string activities, string state) =>
        Assert.Equal(state, _mapping.Map(Content(open, activities)).State.Id);

    [Theory]
    [InlineData(3500, "Available")]
    [InlineData(6500, "Busy")]
    [InlineData(9500, "DoNotDisturb")]
    [InlineData(12500, "BeRightBack")]
    [InlineData(15500, "Away")]
    [InlineData(4600, "Away")]
    [InlineData(18500, "Offline")]
    public void An_availability_number_decides_the_base_status(int availability, string state) =>
        Assert.Equal(state, _mapping.Map(Content(open: true, "away", availability: availability)).State.Id);

    [Fact]
    public void An_availability_below_the_ranges_says_nothing_and_basic_decides() =>
        Assert.Equal("Offline", _mapping.Map(Content(open: false, "", availability: 100)).State.Id);

    [Fact]
    public void A_busy_availability_with_a_meeting_is_in_a_meeting() =>
        Assert.Equal("InAMeeting", _mapping.Map(Content(open: true, "meeting", availability: 6500)).State.Id);

    [Fact]
    public void The_persons_note_is_shown_before_the_documents_and_a_tuples()
    {
        var notes = new[] { Note("tuple", null, PidfNotePlace.Tuple), Note("document", null, PidfNotePlace.Presence), Note("person", null, PidfNotePlace.Person) };

        Assert.Equal("person", _mapping.Map(Content(true, "", notes: notes)).Note);
        Assert.Equal("document", _mapping.Map(Content(true, "", notes: notes[..2])).Note);
        Assert.Equal("tuple", _mapping.Map(Content(true, "", notes: notes[..1])).Note);
        Assert.Null(_mapping.Map(Content(true, "")).Note);
    }

    [Fact]
    public void The_note_in_the_earliest_configured_language_wins_then_one_without_a_language()
    {
        PidfNote[] notes = [Note("Bonjour", "fr", PidfNotePlace.Person), Note("Hallo", "de", PidfNotePlace.Person), Note("Hi", "en-US", PidfNotePlace.Person)];

        // The built-in languages are en-US, de-DE, fr-FR, es-ES: English first.
        Assert.Equal("Hi", _mapping.Map(Content(true, "", notes: notes)).Note);
        Assert.Equal("Hallo", _mapping.Map(Content(true, "", notes: notes[..2])).Note);
        Assert.Equal("plain", _mapping.Map(Content(true, "", notes: [Note("ciao", "it", PidfNotePlace.Person), Note("plain", null, PidfNotePlace.Person)])).Note);
        Assert.Equal("ciao", _mapping.Map(Content(true, "", notes: [Note("ciao", "it", PidfNotePlace.Person)])).Note);
    }

    [Fact]
    public void A_note_is_cleaned_and_cut_to_the_maximum()
    {
        var note = _mapping.Map(Content(true, "", notes: [Note("Line one\nline two\u0001 and a very long tail beyond", null, PidfNotePlace.Person)])).Note;

        Assert.Equal("Line one line two and a very lon", note);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var note = _mapping.Map(Content(true, "", notes: [Note(new string('x', 31) + "😀 tail", null, PidfNotePlace.Person)])).Note;

        Assert.Equal(new string('x', 31), note);
    }

    private static PidfNote Note(string text, string? language, PidfNotePlace place) => new(text, language, place);

    private static PidfContent Content(bool? open, string activities, int? availability = null, IEnumerable<PidfNote>? notes = null) =>
        new(open, [.. activities.Split(',', StringSplitOptions.RemoveEmptyEntries)], [.. notes ?? []], availability);
}
