using PresenceAgent.Directory;
using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

/// <summary>An out-of-office note's dates: read from configuration as instants with their offset, and the note shown only within them.</summary>
public sealed class ContactCardDatesTests
{
    private static readonly DateTimeOffset From = new(2026, 3, 9, 8, 0, 0, TimeSpan.FromHours(1));
    private static readonly DateTimeOffset Until = new(2026, 3, 11, 17, 0, 0, TimeSpan.FromHours(1));
    private static readonly ContactCard Dated = new() { Note = "Ask reception", OutOfOfficeNote = "Maintenance", OutOfOfficeStart = From, OutOfOfficeEnd = Until };

    [Theory]
    [InlineData("2026-03-09T08:00+01:00")]
    [InlineData("2026-03-09T08:00:00+01:00")]
    [InlineData("2026-03-09T07:00:00.000Z")]
    [InlineData(" 2026-03-09T07:00Z ")]
    public void An_instant_with_its_offset_is_read_to_the_minute_or_finer(string text)
    {
        Assert.True(ServiceCard.TryInstant(text, out var instant));
        Assert.Equal(From, instant);
    }

    [Theory]
    [InlineData("2026-03-09")]
    [InlineData("2026-03-09T08:00:00")]
    [InlineData("09.03.2026 08:00 +01:00")]
    [InlineData("2026-03-09T25:00Z")]
    [InlineData("")]
    [InlineData(null)]
    public void A_date_alone_a_local_time_or_another_form_is_not(string? text) => Assert.False(ServiceCard.TryInstant(text, out _));

    [Fact]
    public void Within_its_dates_the_card_shows_the_note_with_them()
    {
        Assert.Same(Dated, Dated.At(From));
        Assert.Same(Dated, Dated.At(Until.AddTicks(-1)));
    }

    [Fact]
    public void Before_its_start_and_from_its_end_the_note_is_left_out_and_the_rest_kept()
    {
        foreach (var time in new[] { From.AddTicks(-1), Until, Until.AddYears(1) })
        {
            var card = Dated.At(time);
            Assert.Equal((null, null, null, "Ask reception"), (card.OutOfOfficeNote, card.OutOfOfficeStart, card.OutOfOfficeEnd, card.Note));
        }
    }

    [Fact]
    public void An_open_end_or_start_bounds_only_one_side()
    {
        Assert.True((Dated with { OutOfOfficeStart = null }).ShowsOutOfOfficeAt(From.AddYears(-5)));
        Assert.True((Dated with { OutOfOfficeEnd = null }).ShowsOutOfOfficeAt(Until.AddYears(5)));
        Assert.False(new ContactCard().ShowsOutOfOfficeAt(From));
    }

    [Fact]
    public void The_directory_builds_the_dates_into_the_card_and_they_count_for_its_equality()
    {
        static ServiceOptions Options(string end) => new()
        {
            Name = "Board", Aliases = ["board"], OutOfOfficeNote = "Maintenance", OutOfOfficeStart = "2026-03-09T08:00+01:00", OutOfOfficeEnd = end,
        };

        var card = ServiceCard.From(Options("2026-03-11T16:00Z"));

        Assert.Equal((From, Until), (card.OutOfOfficeStart, card.OutOfOfficeEnd));
        Assert.NotEqual(card, ServiceCard.From(Options("2026-03-12T16:00Z")));
        Assert.Equal(card, ServiceCard.From(Options("2026-03-11T17:00+01:00")));
    }
}
