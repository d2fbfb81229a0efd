using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Sip.Writing;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// A list NOTIFY as it leaves the agent, read by two kinds of watcher: one whose MIME reader follows RFC 2046 (ASP.NET
/// Core's), and pidgin-sipe, whose libpurple reader takes four bytes off the end of every part. Both must get every
/// part's document whole, in every format, with the framing and links of the body unchanged.
/// </summary>
public sealed class ListNotifyReadersTests : IDisposable
{
    private static readonly XNamespace Rlmi = "urn:ietf:params:xml:ns:rlmi";

    private static readonly ResourceList Rooms = new("sip:rooms@vc.example.com", "vc.example.com", "All rooms",
    [
        new ListResource("sip:meet.alice@vc.example.com", TestSubscriptions.AliceRoom, "sip:meet.alice@vc.example.com"),
        new ListResource("sip:meet.alcie@vc.example.com", null, "sip:meet.alcie@vc.example.com"),
        new ListResource("sip:+4420712345678@vc.example.com", new Contact
        {
            Kind = ContactKind.Gateway,
            Key = "+4420712345678@vc.example.com",
            DisplayName = "+4420712345678",
            Since = TestSubscriptions.AliceRoom.Since,
        }, "sip:+4420712345678@vc.example.com"),
    ]);

    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FakeRequestSender _sender = new();
    private readonly Notifier _notifier;
    private readonly SubscriptionTable _table;

    public ListNotifyReadersTests()
    {
        _table = new SubscriptionTable(_time);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        _notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
    }

    public void Dispose() => Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);

    /// <summary>Every <see cref="DocumentFormat"/> a list's parts can be in (by name: the type is internal).</summary>
    public static TheoryData<string> Formats => new() { nameof(DocumentFormat.MsrtcCategories), nameof(DocumentFormat.Pidf), nameof(DocumentFormat.Xpidf) };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task A_standard_reader_gets_each_document_and_a_trailing_crlf_under_the_content_ids_start_names(string formatName)
    {
        var format = Enum.Parse<DocumentFormat>(formatName);
        var (contentType, body) = Wire(Notify(format));
        var media = MediaTypeHeaderValue.Parse(contentType);
        var reader = new MultipartReader(HeaderUtilities.RemoveQuotes(media.Boundary).Value!, new MemoryStream(body));
        var sections = new List<(string ContentId, string ContentType, byte[] Body)>();
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            using var content = new MemoryStream();
            await section.Body.CopyToAsync(content);
            sections.Add((section.Headers!["Content-ID"].ToString(), section.ContentType!, content.ToArray()));
        }

        // The RLMI root first, named by start, then one part per resource that resolved, each under the cid naming it.
        Assert.Equal(3, sections.Count);
        Assert.Equal(HeaderUtilities.RemoveQuotes(media.Parameters.Single(p => p.Name == "start").Value).Value, sections[0].ContentId);
        Assert.Equal(["application/rlmi+xml", DocumentFormats.ContentTypeOf(format), DocumentFormats.ContentTypeOf(format)], sections.Select(s => s.ContentType));
        var cids = Document(sections[0].Body).Root!.Descendants(Rlmi + "instance").Select(i => (string?)i.Attribute("cid")).OfType<string>();
        Assert.Equal(cids.Select(c => $"<{c}>"), sections.Skip(1).Select(s => s.ContentId));
        Assert.All(sections, s =>
        {
            Assert.EndsWith(">\r\n", Encoding.UTF8.GetString(s.Body), StringComparison.Ordinal);
            Document(s.Body);
        });
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Libpurples_reader_gets_every_document_whole_rlmi_included(string formatName)
    {
        var (contentType, body) = Wire(Notify(Enum.Parse<DocumentFormat>(formatName)));
        var strict = MultipartBody.Parse(contentType, body);
        var purple = MultipartBody.ParseAsLibpurple(contentType, body);

        Assert.Equal(strict.Parts.Select(p => p.ContentId), purple.Parts.Select(p => p.ContentId));
        Assert.Equal(strict.Parts.Select(p => p.ContentType), purple.Parts.Select(p => p.ContentType));
        for (var i = 0; i < strict.Parts.Count; i++)
        {
            // The whole document: what a strict reader gets, less the CRLF that ends the part's content.
            Assert.Equal(strict.Parts[i].Body[..^2], purple.Parts[i].Body);
            Assert.EndsWith(">", Encoding.UTF8.GetString(purple.Parts[i].Body), StringComparison.Ordinal);
            Document(purple.Parts[i].Body);
        }

        Assert.Equal(Rlmi + "list", Document(purple.Parts[0].Body).Root!.Name);
    }

    [Fact]
    public void A_contact_notify_after_a_list_notify_answered_carries_nothing_of_the_list()
    {
        // The list's NOTIFY is answered, so its sender and request are pooled and written over for the next subscription.
        Notify(DocumentFormat.Pidf).Answer(200);
        var contact = TestSubscriptions.Create(_time, TimeSpan.FromHours(1));
        Assert.True(_table.TryAdd(contact, out _));

        _notifier.Notify(contact, SubscriptionStatus.Active);

        var notify = _sender.Sent[^1].Request;
        Assert.Equal(2, _sender.Sent.Count);
        Assert.Equal(contact.Dialog.CallId, notify.CallId);
        Assert.Null(notify.Headers.GetFirst(HeaderKind.Require));
        Assert.Equal("application/pidf+xml", notify.ContentType);
    }

    private SentRequest Notify(DocumentFormat format)
    {
        var request = SubscribeRequests.Parse(callId: $"list-{Guid.NewGuid():N}@watcher", uri: Rooms.Uri);
        var s = new ListSubscription(SubscribeRequests.DialogFor(request), request.Event!, Rooms, flow: null,
            (_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcTicks, format, CategorySet.All);
        Assert.True(_table.TryAdd(s, out _));
        _notifier.Notify(s, SubscriptionStatus.Active);
        return Assert.Single(_sender.Sent);
    }

    /// <summary>The NOTIFY written as it goes on the wire and parsed back: its Content-Length must frame the body exactly.</summary>
    private static (string ContentType, byte[] Body) Wire(SentRequest notify)
    {
        // The transport adds the Via when it sends.
        notify.Request.Headers.Add(HeaderKind.Via, "SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK-readers");
        var parsed = SipMessageParser.Parse(SipMessageWriter.ToArray(notify.Request), new SipLimits(), isDatagram: false);
        Assert.True(parsed.Success, parsed.Failure.ToString());
        var request = Assert.IsType<SipRequest>(parsed.Message);
        Assert.Equal(notify.Request.Body.ToArray(), request.Body.ToArray());
        Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers.GetFirst(HeaderKind.ContentLength));
        return (request.ContentType!, request.Body.ToArray());
    }

    /// <summary>
    /// Parses a whole document or throws. The xpidf part declares a DOCTYPE, so DTDs are ignored rather than refused;
    /// nothing is resolved.
    /// </summary>
    private static XDocument Document(byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
        return XDocument.Load(reader);
    }
}
