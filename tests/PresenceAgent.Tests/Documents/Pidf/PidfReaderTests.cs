using System.Text;
using PresenceAgent.Documents.Pidf;

namespace PresenceAgent.Tests.Documents.Pidf;

/// <summary>What the reader takes from a published PIDF document, by namespace, and what it refuses, with the reason.</summary>
public sealed class PidfReaderTests
{
    private const int Max = 16 * 1024;

    [Fact]
    public void Reads_basic_activities_and_notes_with_their_languages_whatever_the_prefixes()
    {
        var content = Read("""
            <?xml version="1.0" encoding="UTF-8"?>
            <p:presence xmlns:p="urn:ietf:params:xml:ns:pidf" xmlns:d="urn:ietf:params:xml:ns:pidf:data-model"
                        xmlns:r="urn:ietf:params:xml:ns:pidf:rpid" entity="sip:room1@vc.test">
              <p:tuple id="t1"><p:status><p:basic>open</p:basic></p:status><p:note>tuple note</p:note></p:tuple>
              <p:note xml:lang="en">document note</p:note>
              <d:person id="p1">
                <r:activities><r:meeting/><r:busy>Recording</r:busy></r:activities>
                <d:note xml:lang="de-DE">Aufnahme läuft</d:note>
              </d:person>
            </p:presence>
            """);

        Assert.True(content.Open);
        Assert.Equal(new[] { "meeting", "busy" }, content.Activities);
        Assert.Equal(
            new[]
            {
                new PidfNote("tuple note", null, PidfNotePlace.Tuple),
                new PidfNote("document note", "en", PidfNotePlace.Presence),
                new PidfNote("Aufnahme läuft", "de-DE", PidfNotePlace.Person),
            },
            content.Notes);
        Assert.Null(content.Availability);
    }

    [Theory]
    [InlineData("<basic>closed</basic>", "<basic>closed</basic>", false)]
    [InlineData("<basic>closed</basic>", "<basic>open</basic>", true)]
    [InlineData("<basic>open</basic>", "<basic>closed</basic>", true)]
    [InlineData("", "", null)]
    public void Any_open_tuple_makes_the_document_open_and_basic_is_optional(string first, string second, bool? open) =>
        Assert.Equal(open, Read($"""
            <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b">
              <tuple id="a"><status>{first}</status></tuple><tuple id="b"><status>{second}</status></tuple>
            </presence>
            """).Open);

    [Fact]
    public void Reads_the_draft_rpid_activity_and_an_msrtc_availability()
    {
        var content = Read("""
            <presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:es="urn:ietf:params:xml:ns:pidf:status:rpid-status" entity="sip:a@b">
              <tuple id="a"><status><basic>open</basic><es:activities><es:activity>On-The-Phone</es:activity></es:activities></status></tuple>
              <state xmlns="http://schemas.microsoft.com/2006/09/sip/state"><availability> 6500 </availability></state>
            </presence>
            """);

        Assert.Equal(new[] { "on-the-phone" }, content.Activities);
        Assert.Equal(6500, content.Availability);
    }

    [Fact]
    public void Elements_of_other_namespaces_are_skipped()
    {
        var content = Read("""
            <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b">
              <tuple id="a"><status><basic>open</basic></status></tuple>
              <x:note xmlns:x="urn:example:other">not a PIDF note</x:note>
              <activities xmlns="urn:example:other"><busy/></activities>
            </presence>
            """);

        Assert.Empty(content.Notes);
        Assert.Empty(content.Activities);
    }

    [Theory]
    [InlineData("<presence xmlns=\"urn:example:not-pidf\" entity=\"sip:a@b\"/>", "body is not a PIDF presence document")]
    [InlineData("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\" entity=\"sip:a@b\"><tuple id=\"a\"><status><basic>maybe</basic></status></tuple></presence>",
        "basic is neither open nor closed")]
    [InlineData("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"><tuple id=\"a\"></presence>", "PIDF is malformed XML (line 1)")]
    [InlineData("<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"><state xmlns=\"http://schemas.microsoft.com/2006/09/sip/state\"><availability>busy</availability></state></presence>",
        "availability is not a number")]
    [InlineData("", "PIDF is malformed XML")]
    public void Refuses_what_is_no_pidf_with_the_reason(string body, string reason)
    {
        Assert.False(PidfReader.TryRead(Encoding.UTF8.GetBytes(body), Max, out var content, out var error));
        Assert.Null(content);
        Assert.Equal(reason, error);
    }

    [Fact]
    public void A_dtd_is_refused_so_no_entity_expands()
    {
        const string Bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE presence [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><note>&b;</note></presence>
            """;

        Assert.False(PidfReader.TryRead(Encoding.UTF8.GetBytes(Bomb), Max, out _, out var error));
        Assert.StartsWith("PIDF is malformed XML", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_past_the_size_cap_is_refused()
    {
        var body = $"""<presence xmlns="urn:ietf:params:xml:ns:pidf" entity="sip:a@b"><note>{new string('x', 2000)}</note></presence>""";

        Assert.True(PidfReader.TryRead(Encoding.UTF8.GetBytes(body), 4096, out _, out _));
        Assert.False(PidfReader.TryRead(Encoding.UTF8.GetBytes(body), 1024, out _, out _));
    }

    private static PidfContent Read(string body)
    {
        Assert.True(PidfReader.TryRead(Encoding.UTF8.GetBytes(body), Max, out var content, out var error), error);
        return content!;
    }
}
