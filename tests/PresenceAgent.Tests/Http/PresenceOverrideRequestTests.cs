using PresenceAgent.Http;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Live;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Http;

/// <summary>What an override request may say: a known status or Invisible, a one-line note, an until to come.</summary>
public sealed class PresenceOverrideRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly StateCatalogue States = new(PresenceLanguages.Default,
        [.. BuiltInStates.All, TestStates.WithText(BaseStatus.Offline, "Closed for maintenance") with { Id = "closed-for-maintenance" }]);

    private static (ManualOverride? Override, Dictionary<string, string[]> Errors) Check(string status, string? note = null, DateTimeOffset? until = null) =>
        new PresenceOverrideRequest { Status = status, Note = note, Until = until }.ToOverride(States, Now);

    [Theory]
    [InlineData("DoNotDisturb", "DoNotDisturb", true)]
    [InlineData("donotdisturb", "DoNotDisturb", true)]
    [InlineData("Offline", "Offline", true)]
    [InlineData("Away", "Away", true)]
    [InlineData("BeRightBack", "BeRightBack", true)]
    [InlineData("Closed-For-Maintenance", "closed-for-maintenance", true)]
    [InlineData("Busy", "Busy", false)]
    [InlineData("InAMeeting", "InAMeeting", false)]
    [InlineData("Available", "Available", false)]
    public void A_known_status_becomes_an_override_sticky_unless_it_invites(string status, string id, bool sticky)
    {
        var (manual, errors) = Check(status, "Back at 3", Now.AddHours(1));

        Assert.Empty(errors);
        Assert.Equal((id, "Back at 3", Now.AddHours(1), false, sticky), (manual!.State.Id, manual.Note, manual.Until, manual.Invisible, manual.Sticky));
    }

    [Fact]
    public void Invisible_shows_offline_and_is_sticky()
    {
        var (manual, _) = Check("invisible");

        Assert.Equal(("Offline", true, true), (manual!.State.Id, manual.Invisible, manual.Sticky));
    }

    [Fact]
    public void An_unknown_status_is_refused_with_every_valid_id()
    {
        var (manual, errors) = Check("Bussy");

        Assert.Null(manual);
        var message = Assert.Single(errors["status"]);
        Assert.StartsWith("'Bussy' is no status; one of Available, Busy, InAMeeting, DoNotDisturb, Full, Locked, BeRightBack, Away, ", message, StringComparison.Ordinal);
        Assert.EndsWith("closed-for-maintenance, Offline, Invisible.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_until_that_is_not_in_the_future_is_refused(int seconds) =>
        Assert.Contains("has passed", Assert.Single(Check("Away", until: Now.AddSeconds(seconds)).Errors["until"]), StringComparison.Ordinal);

    [Theory]
    [InlineData("line one\nline two", "character 9 is a control character (U+000A)")]
    [InlineData("tab\there", "character 4 is a control character (U+0009)")]
    [InlineData("bell\u0007", "character 5 is a control character (U+0007)")]
    [InlineData("c1\u0085c1", "character 3 is a control character (U+0085)")]
    [InlineData("odd\uFFFE", "character 4 is a control character (U+FFFE)")]
    public void A_note_that_is_not_one_line_of_text_is_refused(string note, string message) =>
        Assert.StartsWith(message, Assert.Single(Check("Away", note).Errors["note"]), StringComparison.Ordinal);

    [Theory]
    [InlineData(0xD83D, "")]
    [InlineData(0xDE00, " pair")]
    public void A_note_with_half_a_surrogate_pair_is_refused(int half, string after)
    {
        // Built here: attribute strings are stored as UTF-8, which has no lone surrogates.
        var note = "half" + (char)half + after;

        Assert.Equal("character 5 is half of a surrogate pair.", Assert.Single(Check("Away", note).Errors["note"]));
    }

    [Fact]
    public void A_note_longer_than_the_cap_is_refused_and_one_at_it_is_kept()
    {
        Assert.Equal("257 characters; at most 256.", Assert.Single(Check("Away", new string('a', 257)).Errors["note"]));
        Assert.Equal(256, Check("Away", new string('a', 256)).Override!.Note!.Length);
    }

    [Theory]
    [InlineData("Zürich – salle 3 😀", "Zürich – salle 3 😀")]
    [InlineData("  padded  ", "padded")]
    [InlineData("   ", null)]
    [InlineData("", null)]
    public void A_note_in_any_script_is_kept_trimmed_and_a_blank_one_is_none(string note, string? kept) =>
        Assert.Equal(kept, Check("Away", note).Override!.Note);

    [Fact]
    public void Every_field_at_fault_is_named_at_once() =>
        Assert.Equal(["note", "status", "until"], Check("nope", "a\nb", Now.AddDays(-1)).Errors.Keys.Order(StringComparer.Ordinal));
}
