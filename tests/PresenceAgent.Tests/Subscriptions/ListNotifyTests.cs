using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>
/// NOTIFYs of list subscriptions, read back as a watcher reads them: the multipart/related framing, the RLMI root and
/// its cid links to the parts, the version sequence, and instances for resources that name nothing.
/// </summary>
public sealed class ListNotifyTests : IDisposable
{
    private static readonly XNamespace Rlmi = "urn:ietf:params:xml:ns:rlmi";
    private static readonly XNamespace Pidf = "urn:ietf:params:xml:ns:pidf";
    private static readonly XNamespace Categories = "http://schemas.microsoft.com/2006/09/sip/categories";

    private static readonly Contact Gateway = new()
    {
        Kind = ContactKind.Gateway,
        Key = "gateway@vc.test",
        DisplayName = "+4420712345678",
        Since = TestSubscriptions.AliceRoom.Since,
    };

    private static readonly ResourceList Rooms = new("sip:rooms@vc.example.com", "vc.example.com", "All rooms",
    [
        new ListResource("sip:meet.alice@vc.example.com", TestSubscriptions.AliceRoom, "sip:meet.alice@vc.example.com"),
        new ListResource("sip:meet.alcie@vc.example.com", null, "sip:meet.alcie@vc.example.com"),
        new ListResource("sip:+4420712345678@vc.example.com;user=phone", Gateway, "sip:+4420712345678@vc.example.com"),
    ]);

    private readonly ManualTimeProvider _time = new();
    private readonly CollectingLoggerProvider _logs = new();
    private readonly FakeRequestSender _sender = new();
    private readonly SubscriptionTable _table;
    private readonly Notifier _notifier;

    public ListNotifyTests()
    {
        _table = new SubscriptionTable(_time);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"http://presence.example.com/avatars/{theme ?? "default"}.jpg"), "0123456789abcdef0123456789abcdef"));
        _notifier = new Notifier(_sender, bodies, _table, _time, _logs.CreateLogger<Notifier>(), new PeerLogSampler(_time));
    }

    public void Dispose() => Assert.DoesNotContain(_logs.Entries, e => e.Level >= LogLevel.Error);

    private ListSubscription Live(DocumentFormat format = DocumentFormat.Pidf, CategorySet categories = CategorySet.All)
    {
        var request = SubscribeRequests.Parse(callId: $"list-{Guid.NewGuid():N}@watcher", uri: Rooms.Uri);
        var s = new ListSubscription(SubscribeRequests.DialogFor(request), request.Event!, Rooms, flow: null,
            (_time.GetUtcNow() + TimeSpan.FromHours(1)).UtcTicks, format, categories);
        Assert.True(_table.TryAdd(s, out _));
        return s;
    }

    private static (MultipartBody.Parsed Body, XElement List) Read(SentRequest notify)
    {
        var body = MultipartBody.Parse(notify.Header(HeaderKind.ContentType)!, notify.Request.Body.ToArray());
        return (body, SafeXml.Parse(body.Parts[0].Body).Root!);
    }

    [Fact]
    public void A_list_notify_requires_eventlist_and_is_multipart_related_with_the_rlmi_part_first_and_named_by_start()
    {
        _notifier.Notify(Live(), SubscriptionStatus.Active);

        var notify = Assert.Single(_sender.Sent);
        Assert.Equal("eventlist", notify.Header(HeaderKind.Require));
        var contentType = notify.Header(HeaderKind.ContentType)!;
        Assert.StartsWith("multipart/related;type=\"application/rlmi+xml\";start=\"<", contentType, StringComparison.Ordinal);

        var (body, list) = Read(notify);
        Assert.Equal("application/rlmi+xml", body.Type);
        Assert.Equal(body.Start, body.Parts[0].ContentId);
        Assert.Equal("application/rlmi+xml", body.Parts[0].ContentType);
        Assert.All(body.Parts, p => Assert.Equal("binary", p.Headers["content-transfer-encoding"]));
        Assert.All(body.Parts, p => Assert.EndsWith("@vc.example.com", p.Cid, StringComparison.Ordinal));

        Assert.Equal(Rlmi + "list", list.Name);
        Assert.Equal("sip:rooms@vc.example.com", (string?)list.Attribute("uri"));
        Assert.Equal("true", (string?)list.Attribute("fullState"));
        Assert.Equal("All rooms", list.Element(Rlmi + "name")!.Value);
    }

    [Fact]
    public void Every_resolved_resource_has_an_active_instance_whose_cid_names_its_part_in_the_subscription_format()
    {
        _notifier.Notify(Live(), SubscriptionStatus.Active);

        var (body, list) = Read(Assert.Single(_sender.Sent));
        var resources = list.Elements(Rlmi + "resource").ToList();
        Assert.Equal(Rooms.Resources.Select(r => r.Uri), resources.Select(r => (string)r.Attribute("uri")!));

        // The RLMI root, then one part per resolved resource and none for the alias that names nothing.
        Assert.Equal(3, body.Parts.Count);
        foreach (var (resource, entity) in new[] { (resources[0], "sip:meet.alice@vc.example.com"), (resources[2], "sip:+4420712345678@vc.example.com") })
        {
            var instance = Assert.Single(resource.Elements(Rlmi + "instance"));
            Assert.Equal("active", (string?)instance.Attribute("state"));
            Assert.Matches("^[A-Za-z]", (string)instance.Attribute("id")!);
            var part = body.ByCid((string)instance.Attribute("cid")!);
            Assert.Equal("application/pidf+xml", part.ContentType);
            Assert.Equal(entity, (string?)SafeXml.Parse(part.Body).Root!.Attribute("entity"));
        }

        Assert.Equal("Alice's Meeting Room", resources[0].Element(Rlmi + "name")!.Value);
        Assert.Equal(Pidf + "presence", SafeXml.Parse(body.Parts[1].Body).Root!.Name);
    }

    [Fact]
    public void An_alias_that_names_nothing_is_a_terminated_noresource_instance_without_a_part()
    {
        _notifier.Notify(Live(), SubscriptionStatus.Active);

        var (_, list) = Read(Assert.Single(_sender.Sent));
        var instance = list.Elements(Rlmi + "resource").ElementAt(1).Element(Rlmi + "instance")!;
        Assert.Equal("terminated", (string?)instance.Attribute("state"));
        Assert.Equal("noresource", (string?)instance.Attribute("reason"));
        Assert.Null(instance.Attribute("cid"));
        Assert.Null(list.Elements(Rlmi + "resource").ElementAt(1).Element(Rlmi + "name"));
    }

    [Fact]
    public async Task The_version_starts_at_0_and_goes_up_by_one_per_notify_with_the_same_instance_ids()
    {
        var s = Live();
        _notifier.Notify(s, SubscriptionStatus.Active);
        _sender.Sent[0].Answer(200);
        _notifier.Notify(s, SubscriptionStatus.Active);
        (await _sender.WaitForAsync(2).Within()).Answer(200);
        _notifier.Notify(s, SubscriptionStatus.Active);
        await _sender.WaitForAsync(3).Within();

        var lists = _sender.Sent.Select(n => Read(n).List).ToList();
        Assert.Equal(["0", "1", "2"], lists.Select(l => (string)l.Attribute("version")!));
        var ids = lists.Select(l => string.Join(",", l.Descendants(Rlmi + "instance").Select(i => (string)i.Attribute("id")!))).Distinct();
        Assert.Single(ids);

        // Content-IDs and boundaries are fresh in each NOTIFY.
        Assert.Equal(3, _sender.Sent.Select(n => n.Header(HeaderKind.ContentType)).Distinct().Count());
    }

    [Fact]
    public void A_lync_list_gets_categories_parts_honouring_the_category_list()
    {
        _notifier.Notify(Live(DocumentFormat.MsrtcCategories, CategorySet.State | CategorySet.ContactCard), SubscriptionStatus.Active);

        var (body, _) = Read(Assert.Single(_sender.Sent));
        foreach (var part in body.Parts.Skip(1))
        {
            Assert.Equal("application/msrtc-event-categories+xml", part.ContentType);
            var names = SafeXml.Parse(part.Body).Root!.Elements(Categories + "category").Select(c => (string)c.Attribute("name")!).Distinct();
            Assert.Equal(["state", "contactCard"], names);
        }
    }

    [Fact]
    public void The_final_notify_terminates_every_instance_with_the_reason_and_keeps_the_last_state()
    {
        _notifier.Notify(Live(), SubscriptionStatus.Terminated(TerminationReason.Timeout));

        var notify = Assert.Single(_sender.Sent);
        Assert.Equal("terminated;reason=timeout", notify.Header(HeaderKind.SubscriptionState));
        var (body, list) = Read(notify);
        var instances = list.Descendants(Rlmi + "instance").ToList();
        Assert.All(instances, i => Assert.Equal("terminated", (string?)i.Attribute("state")));
        Assert.Equal(["timeout", "noresource", "timeout"], instances.Select(i => (string)i.Attribute("reason")!));
        Assert.Equal(3, body.Parts.Count);
    }

    [Fact]
    public void A_contact_subscription_stays_a_single_document_without_require()
    {
        _notifier.Notify(TestSubscriptions.Create(_time, TimeSpan.FromHours(1)), SubscriptionStatus.Active);

        var notify = Assert.Single(_sender.Sent);
        Assert.Null(notify.Header(HeaderKind.Require));
        Assert.Equal("application/pidf+xml", notify.Header(HeaderKind.ContentType));
    }
}
