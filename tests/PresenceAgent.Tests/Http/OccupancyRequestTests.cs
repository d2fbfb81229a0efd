using PresenceAgent.Http;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;

namespace PresenceAgent.Tests.Http;

/// <summary>The occupancy body's checks: each field at fault named, the meeting's texts as one line each.</summary>
public sealed class OccupancyRequestTests
{
    private static OccupancyRequest Request(string? subject, string? location, int participants = 2) =>
        new() { Participants = participants, Meeting = new OccupancyMeeting { Subject = subject, Location = location } };

    [Fact]
    public void A_meeting_is_trimmed_and_blank_parts_are_unset()
    {
        var (occupancy, meeting, errors) = Request("  Quarterly review ", " ").Check();

        Assert.Empty(errors);
        Assert.Equal(new RoomOccupancy(2, false), occupancy);
        Assert.Equal(new Meeting("Quarterly review", null), meeting);
    }

    [Fact]
    public void A_meeting_of_blanks_or_none_is_no_meeting()
    {
        Assert.Null(Request(" ", "").Check().Meeting);
        Assert.Null(new OccupancyRequest { Participants = 2 }.Check().Meeting);
    }

    [Fact]
    public void Each_text_may_have_256_characters_and_no_more()
    {
        Assert.Empty(Request(new string('s', Meeting.MaxLength), new string('l', Meeting.MaxLength)).Check().Errors);

        var errors = Request(new string('s', Meeting.MaxLength + 1), new string('l', 5000)).Check().Errors;

        Assert.Equal("257 characters; at most 256.", Assert.Single(errors["meeting.subject"]));
        Assert.Equal("5000 characters; at most 256.", Assert.Single(errors["meeting.location"]));
    }

    [Theory]
    [InlineData("Review\nday", "character 7 is a control character (U+000A); a meeting's subject is one line of text.")]
    [InlineData("\u0000", "character 1 is a control character (U+0000); a meeting's subject is one line of text.")]
    [InlineData("Odd \uffff", "character 5 is a control character (U+FFFF); a meeting's subject is one line of text.")]
    public void A_subject_xml_cannot_carry_on_one_line_is_refused_naming_the_field(string subject, string message)
    {
        var errors = Request(subject, "Room \u0085 5").Check().Errors;

        Assert.Equal(message, Assert.Single(errors["meeting.subject"]));
        Assert.Equal("character 6 is a control character (U+0085); a meeting's location is one line of text.", Assert.Single(errors["meeting.location"]));
    }

    [Fact]
    public void Half_a_surrogate_pair_is_refused()
    {
        Assert.Equal("character 5 is half of a surrogate pair.", Assert.Single(Request("Bad \ud800 half", null).Check().Errors["meeting.subject"]));
    }

    [Fact]
    public void Participants_out_of_range_and_a_bad_meeting_are_named_together()
    {
        var errors = Request("a\tb", null, participants: -1).Check().Errors;

        Assert.Equal(["meeting.subject", "participants"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Emoji_and_other_scripts_are_one_line_of_text()
    {
        Assert.Equal(new Meeting("Réunion 🎉 会議", "Zürich"), Request("Réunion 🎉 会議", "Zürich").Check().Meeting);
    }
}
