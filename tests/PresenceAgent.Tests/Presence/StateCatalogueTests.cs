using System.Text.Json;
using PresenceAgent.Presence;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Presence;

public sealed class StateCatalogueTests
{
    [Theory]
    [InlineData("Available", nameof(BaseStatus.Available), 3500)]
    [InlineData("busy", nameof(BaseStatus.Busy), 6500)]
    [InlineData("DONOTDISTURB", nameof(BaseStatus.DoNotDisturb), 9500)]
    [InlineData("BeRightBack", nameof(BaseStatus.BeRightBack), 12500)]
    [InlineData("away", nameof(BaseStatus.Away), 15500)]
    [InlineData("Offline", nameof(BaseStatus.Offline), 18500)]
    [InlineData("inameeting", nameof(BaseStatus.Busy), 6500)]
    [InlineData("Full", nameof(BaseStatus.DoNotDisturb), 9500)]
    [InlineData("locked", nameof(BaseStatus.DoNotDisturb), 9500)]
    public void Resolves_every_built_in_state_ignoring_case(string id, string status, int availability)
    {
        Assert.True(StateCatalogue.BuiltIn.TryResolve(id, out var state));

        Assert.Equal((Enum.Parse<BaseStatus>(status), availability), (state.Base, state.Availability));
        Assert.Equal(["en-US", "de-DE", "fr-FR", "es-ES"], state.Texts.Select(t => t.Language.Tag));
    }

    [Fact]
    public void An_unknown_id_resolves_to_nothing() => Assert.False(StateCatalogue.BuiltIn.TryResolve("Invisible", out _));

    [Theory]
    [InlineData(nameof(BaseStatus.Available), "Available", "Verfügbar", "Disponible", "Disponible")]
    [InlineData(BuiltInStates.InAMeeting, "In a meeting", "In einer Besprechung", "En réunion", "En una reunión")]
    [InlineData(BuiltInStates.Full, "Full", "Voll besetzt", "Complet", "Completo")]
    [InlineData(BuiltInStates.Locked, "Locked", "Gesperrt", "Verrouillé", "Bloqueado")]
    public void Built_in_states_speak_english_german_french_and_spanish(string id, string en, string de, string fr, string es) =>
        Assert.Equal([en, de, fr, es], TestStates.Resolve(id).Texts.Select(t => t.Text));

    [Fact]
    public void Only_occupancy_states_add_to_their_base_status_meaning()
    {
        Assert.All(Enum.GetValues<BaseStatus>(), s => Assert.Same(StatusMeaning.Of(s), TestStates.Of(s).Meaning));
        var meeting = TestStates.Resolve(BuiltInStates.InAMeeting).Meaning;
        Assert.Equal(["meeting", "busy"], meeting.RpidActivities.AsEnumerable());
        Assert.Equal(("in-a-meeting", "inuse", "busy"), (meeting.MsrtcToken, meeting.XpidfStatus, meeting.XpidfSubstatus));
        Assert.Same(StatusMeaning.Of(BaseStatus.DoNotDisturb), TestStates.Resolve(BuiltInStates.Full).Meaning);
    }

    [Fact]
    public void Texts_are_kept_for_the_configured_languages_in_their_order()
    {
        var catalogue = new StateCatalogue(new PresenceLanguages([TestStates.Language("es-ES"), TestStates.Language("it-IT"), TestStates.Language("en-US")]),
            BuiltInStates.All);

        Assert.Equal(["Disponible", "Available"], catalogue.Available.Texts.Select(t => t.Text));
        Assert.Equal(["es-ES", "en-US"], catalogue.Available.Texts.Select(t => t.Language.Tag));
    }

    [Fact]
    public void A_later_state_with_a_known_id_replaces_the_earlier()
    {
        var engaged = new PresenceState("BUSY", BaseStatus.Busy, 7001, [new(TestStates.English, "Engaged")], StatusMeaning.Of(BaseStatus.Busy));

        var catalogue = new StateCatalogue(PresenceLanguages.Default, [.. BuiltInStates.All, engaged]);

        Assert.True(catalogue.TryResolve("busy", out var busy));
        Assert.Equal((7001, "Engaged"), (busy.Availability, Assert.Single(busy.Texts).Text));
        Assert.Equal(BuiltInStates.All.Count, catalogue.States.Count());
    }

    [Fact]
    public void A_catalogue_without_available_is_refused() =>
        Assert.Throws<ArgumentException>(() => new StateCatalogue(PresenceLanguages.Default, [TestStates.Of(BaseStatus.Busy)]));

    [Fact]
    public void The_text_for_a_language_falls_back_to_the_first_the_state_has()
    {
        var state = TestStates.Of(BaseStatus.Away);

        Assert.Equal("Abwesend", state.TextFor(TestStates.Language("de-DE"))!.Text);
        Assert.Equal(("en-US", "Away"), (state.TextFor(TestStates.Language("ja-JP"))!.Language.Tag, state.TextFor(TestStates.Language("ja-JP"))!.Text));
        Assert.Null((state with { Texts = [] }).TextFor(TestStates.English));
    }

    [Fact]
    public void The_shipped_configuration_offers_the_built_in_languages_and_the_schema_every_known_one()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("appsettings.json")));
        using var schema = JsonDocument.Parse(File.ReadAllText(RepositoryRoot.File("appsettings.schema.json")));

        Assert.Equal(PresenceLanguages.Default.All.Select(l => l.Tag),
            settings.RootElement.GetProperty("Presence").GetProperty("Languages").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(Lcids.KnownTags.Split(", "),
            schema.RootElement.GetProperty("$defs").GetProperty("languageTag").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
    }
}
