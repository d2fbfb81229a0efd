using System.Text;
using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

/// <summary>The Genesys agentStates map: files shaped as Genesys documents them load; every fault names its line.</summary>
public sealed class StateMapReaderTests
{
    private const string File = "states.xml";

    /// <summary>The shape of a Genesys T-Server presence map: declaration, namespace, padded and multilingual texts.</summary>
    private const string SeedShaped = """
        <?xml version="1.0"?>
        <agentStates xmlns="http://schemas.genesys.com/09/2014/mslyncserver/agentStates">
          <agentState ID="ROOM_IDLE" availability="3501">
            <activity LCID="1033"> Free to join </activity>
          </agentState>
          <agentState ID="ROOM_UNATTENDED" availability="4501">
            <activity LCID="1033">Nobody at the room system</activity>
          </agentState>
          <agentState ID="IN_SESSION" availability="7001">
            <activity LCID="1033">Session in progress, please wait</activity>
            <activity LCID="3082">Sesión en curso, espere por favor</activity>
            <activity LCID="1049">Идёт сеанс, подождите</activity>
            <activity LCID="1036">Séance en cours, veuillez patienter</activity>
          </agentState>
          <agentState ID="OUT_OF_SERVICE" availability="18000">
            <activity LCID="1033">The room system is out of service</activity>
          </agentState>
        </agentStates>
        """;

    private static IReadOnlyList<PresenceState> Read(string xml) =>
        StateMapReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(xml)), File);

    private static StateMapException Refused(string xml) => Assert.Throws<StateMapException>(() => Read(xml));

    /// <summary>A map whose agentStates holds <paramref name="body"/>, which starts on line 3.</summary>
    private static string Map(string body) =>
        "<?xml version=\"1.0\"?>\n<agentStates xmlns=\"http://schemas.genesys.com/09/2014/mslyncserver/agentStates\">\n" + body + "\n</agentStates>";

    [Fact]
    public void A_seed_shaped_file_gives_one_state_per_entry_with_the_status_its_number_means()
    {
        var states = Read(SeedShaped);

        Assert.Equal(["ROOM_IDLE", "ROOM_UNATTENDED", "IN_SESSION", "OUT_OF_SERVICE"], states.Select(s => s.Id));
        Assert.Equal([3501, 4501, 7001, 18000], states.Select(s => s.Availability));
        Assert.Equal([BaseStatus.Available, BaseStatus.Away, BaseStatus.Busy, BaseStatus.Offline], states.Select(s => s.Base));
        Assert.Equal(StatusMeaning.Of(BaseStatus.Busy), states[2].Meaning);
    }

    [Fact]
    public void Texts_keep_their_languages_in_file_order_without_the_padding()
    {
        var states = Read(SeedShaped);

        Assert.Equal("Free to join", Assert.Single(states[0].Texts).Text);
        Assert.Equal(["en-US", "es-ES", "ru-RU", "fr-FR"], states[2].Texts.Select(t => t.Language.Tag));
        Assert.Equal([1033, 3082, 1049, 1036], states[2].Texts.Select(t => t.Language.Lcid));
        Assert.Equal("Идёт сеанс, подождите", states[2].Texts[2].Text);
    }

    [Fact]
    public void An_entry_may_redefine_a_base_status_within_its_range_and_may_have_no_text()
    {
        var states = Read(Map("""
              <agentState ID="available" availability="3600"><activity LCID="1033">Open for calls</activity></agentState>
              <agentState ID="Busy" availability="8000"/>
              <agentState ID="Full" availability="9100"></agentState>
            """));

        Assert.Equal([BaseStatus.Available, BaseStatus.Busy, BaseStatus.DoNotDisturb], states.Select(s => s.Base));
        Assert.Empty(states[1].Texts);
        Assert.Empty(states[2].Texts);
    }

    [Fact]
    public void An_empty_map_has_no_states()
    {
        Assert.Empty(Read("<agentStates xmlns=\"http://schemas.genesys.com/09/2014/mslyncserver/agentStates\"/>"));
        Assert.Empty(Read(Map("  <!-- nothing yet -->")));
    }

    [Theory]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n  </agentStat>", 4, "not well-formed XML")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\" availability=\"3600\"/>", 3, "not well-formed XML")]
    [InlineData("  <agentState availability=\"3500\"/>", 3, "an agentState without an ID")]
    [InlineData("  <agentState ID=\"  \" availability=\"3500\"/>", 3, "an agentState without an ID")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\"/>\n  <agentState ID=\"B\" availability=\"3500\"/>\n  <agentState ID=\"a\" availability=\"6500\"/>", 5, "ID 'a' is also the ID on line 3")]
    [InlineData("  <agentState ID=\"Invisible\" availability=\"18500\"/>", 3, "ID 'Invisible' names the invisible override")]
    [InlineData("  <agentState ID=\"A\"/>", 3, "agentState 'A' has no availability")]
    [InlineData("  <agentState ID=\"A\" availability=\"busy\"/>", 3, "availability 'busy' of 'A' is not a number")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500.0\"/>", 3, "availability '3500.0' of 'A' is not a number")]
    [InlineData("  <agentState ID=\"A\" availability=\"-1\"/>", 3, "availability '-1' of 'A' is not a number")]
    [InlineData("  <agentState ID=\"A\" availability=\"99999999999\"/>", 3, "availability '99999999999' of 'A' is not a number")]
    [InlineData("  <agentState ID=\"A\" availability=\"2999\"/>", 3, "availability 2999 of 'A' is outside 3000-18999")]
    [InlineData("  <agentState ID=\"A\" availability=\"0\"/>", 3, "availability 0 of 'A' is outside 3000-18999")]
    [InlineData("  <agentState ID=\"A\" availability=\"19000\"/>", 3, "availability 19000 of 'A' is outside 3000-18999")]
    [InlineData("  <agentState ID=\"Available\" availability=\"6500\"/>", 3, "'Available' redefines the base status Available, so its availability must mean Available (from 3000 to 4499); 6500 means Busy")]
    [InlineData("  <agentState ID=\"OFFLINE\" availability=\"17999\"/>", 3, "must mean Offline (from 18000 up); 17999 means Away")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <activity>Hi</activity>\n  </agentState>", 4, "an activity of 'A' has no LCID")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <activity LCID=\"9999\">Hi</activity>\n  </agentState>", 4, "LCID '9999' of 'A' is not a locale id we know")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <activity LCID=\"en-US\">Hi</activity>\n  </agentState>", 4, "LCID 'en-US' of 'A' is not a locale id we know")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <activity LCID=\"1033\">Hi</activity>\n    <activity LCID=\"1033\">Hello</activity>\n  </agentState>", 5, "'A' has a second activity for LCID 1033")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <activity LCID=\"1031\"></activity>\n  </agentState>", 4, "the activity of 'A' for LCID 1031 has no text")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <activity LCID=\"1031\">   </activity>\n  </agentState>", 4, "the activity of 'A' for LCID 1031 has no text")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    <note LCID=\"1033\">Hi</note>\n  </agentState>", 4, "<note> in namespace http://schemas.genesys.com/09/2014/mslyncserver/agentStates in agentState 'A'; only activity belongs there")]
    [InlineData("  <customState ID=\"1\" availability=\"online\"/>", 3, "<customState> in namespace http://schemas.genesys.com/09/2014/mslyncserver/agentStates in agentStates; only agentState belongs there")]
    [InlineData("  <agentState xmlns=\"urn:other\" ID=\"A\" availability=\"3500\"/>", 3, "<agentState> in namespace urn:other in agentStates")]
    [InlineData("  stray text\n  <agentState ID=\"A\" availability=\"3500\"/>", 3, "text 'stray text' in agentStates, outside any element")]
    [InlineData("  <agentState ID=\"A\" availability=\"3500\">\n    Hi\n  </agentState>", 4, "text 'Hi' in agentState 'A', outside any element")]
    public void A_faulty_entry_is_refused_with_its_line_and_the_reason(string body, int line, string reason)
    {
        var ex = Refused(Map(body));

        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"{File} line {line}: ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?>\n<agentStates>\n</agentStates>", 2, "the root element is <agentStates> in no namespace")]
    [InlineData("<?xml version=\"1.0\"?>\n<agentStates xmlns=\"http://schemas.genesys.com/09/2015/mslyncserver/agentStates\"/>", 2, "in namespace http://schemas.genesys.com/09/2015/mslyncserver/agentStates")]
    [InlineData("<?xml version=\"1.0\"?>\n<customStates xmlns=\"http://schemas.microsoft.com/09/2009/communicator/customStates\"/>", 2, "the root element is <customStates>")]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE agentStates [<!ENTITY x \"y\">]>\n<agentStates/>", 2, "a document type declaration (<!DOCTYPE …>); a state map may not have one")]
    [InlineData("", 0, "not well-formed XML")]
    [InlineData("<agentStates xmlns=\"http://schemas.genesys.com/09/2014/mslyncserver/agentStates\"/>\n<agentStates/>", 2, "not well-formed XML")]
    public void A_file_that_is_no_state_map_is_refused_with_the_line_and_reason(string xml, int line, string reason)
    {
        var ex = Refused(xml);

        Assert.Equal(line, ex.Line);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_refused_by_name()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-map-{Guid.NewGuid():N}.xml");

        var ex = Assert.Throws<StateMapException>(() => StateMapReader.Read(path));

        Assert.Equal($"{path}: no such file", ex.Message);
        Assert.Equal(0, ex.Line);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_parsed()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, Map(new string(' ', StateMapReader.MaxBytes)));

            var ex = Assert.Throws<StateMapException>(() => StateMapReader.Read(path));

            Assert.Contains($"a state map may have at most {StateMapReader.MaxBytes}", ex.Message, StringComparison.Ordinal);
            Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Fact]
    public void A_file_on_disk_reads_as_its_text_does()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, SeedShaped);

            Assert.Equal(Read(SeedShaped), StateMapReader.Read(path), (a, b) => a.Id == b.Id && a.Availability == b.Availability && a.Texts.SequenceEqual(b.Texts));
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
