using PresenceAgent.Directory;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Configuration;

namespace PresenceAgent.Tests.Directory;

/// <summary>
/// What a reload means per watched alias, list and service: the same object when nothing a document shows changed,
/// another with the same documents when only what watchers do not see changed, a change to notify, or gone.
/// </summary>
public sealed class DialPlanDiffTests
{
    private const string Pstn = "sip:+4420712345678@vc.example.com";
    private static readonly string[] s_domains = ["vc.example.com"];
    private static readonly DateTimeOffset s_reload = ManualTimeProvider.Start.AddHours(1);

    private static readonly string[] s_list =
        ["Lists:0:Name=Rooms", "Lists:0:Aliases:0=rooms", "Lists:0:Members:0=meet.alice", "Lists:0:Members:1=+4420712345678@vc.example.com"];

    private static ConfigurationSnapshot Start(params string[] edits) =>
        TestConfiguration.Load(TestConfiguration.Build(edits)).Snapshot(s_domains, ManualTimeProvider.Start);

    private static DialPlanDiff Reload(ConfigurationSnapshot previous, params string[] edits) =>
        new(previous, TestConfiguration.Load(TestConfiguration.Build(edits)).Snapshot(s_domains, s_reload, previous));

    private static Contact Resolve(ConfigurationSnapshot snapshot, string uri) => snapshot.Contacts.Resolve(SipUri.Parse(uri))!;

    [Fact]
    public void The_same_configuration_changes_nothing_and_keeps_every_object()
    {
        var start = Start(s_list);
        var diff = Reload(start, s_list);

        Assert.Same(start.Rules, diff.Next.Rules);
        Assert.Same(start.States, diff.Next.States);
        Assert.Equal(ContactChange.Same, diff.ForContact("sip:meet.alice@vc.example.com", Resolve(start, "sip:meet.alice@vc.example.com"), out var alice));
        Assert.Same(Resolve(start, "sip:meet.alice@vc.example.com"), alice);
        var gateway = Resolve(start, Pstn);
        Assert.Equal(ContactChange.Same, diff.ForContact(Pstn, gateway, out var stillGateway));
        Assert.Same(gateway, stillGateway);
        var list = start.Lists.Find(SipUri.Parse("sip:rooms@vc.example.com"))!;
        Assert.Equal(ContactChange.Same, diff.ForList(list, out var sameList));
        Assert.Same(list, sameList);
        Assert.Equal("+[] -[] ~[]", Summary(diff));
        Assert.False(diff.RulesChanged);
        Assert.False(diff.StatesChanged);
    }

    [Theory]
    [InlineData("Services:0:Name=Alice's New Room")]
    [InlineData("Services:0:Description=Now with a description")]
    [InlineData("Services:0:Theme=default")]
    [InlineData("Services:0:Homepage=https://vc.example.com/alice")]
    [InlineData("Services:0:DefaultStatus=Busy")]
    [InlineData("Services:0:Phones:0:Number=+4930123456")]
    [InlineData("Services:0:OutOfOfficeNote=Closed for maintenance until 9 March")]
    [InlineData("Services:0:WebSite=https://intranet.example.com/rooms/alice")]
    public void A_change_watchers_see_is_a_change_stamped_with_the_reload(string edit)
    {
        var start = Start();
        var diff = Reload(start, edit);

        Assert.Equal(ContactChange.Changed, diff.ForContact("sip:meet.alice@vc.example.com", Resolve(start, "sip:meet.alice@vc.example.com"), out var now));
        Assert.Equal(s_reload, now!.Since);
        Assert.Equal("+[] -[] ~[meet.alice]", Summary(diff));
        Assert.Equal(ContactChange.Same, diff.ForContact("sip:townhall@vc.example.com", Resolve(start, "sip:townhall@vc.example.com"), out _));
    }

    [Theory]
    [InlineData("Services:0:Capacity=12")]
    [InlineData("Services:0:Kind=Auditorium")]
    [InlineData("Services:0:ConferenceName=alice-vmr")]
    public void A_change_no_document_shows_rebinds_without_notifying(string edit)
    {
        var start = Start();
        var diff = Reload(start, edit);
        var before = Resolve(start, "sip:meet.alice@vc.example.com");

        var change = diff.ForContact("sip:meet.alice@vc.example.com", before, out var now);

        // The conference name lives in the directory, not the contact: the same object serves.
        Assert.Equal(edit.Contains("ConferenceName", StringComparison.Ordinal) ? ContactChange.Same : ContactChange.Rebound, change);
        Assert.Equal(before.Since, now!.Since);
        Assert.Empty(diff.Services().Changed);
    }

    [Fact]
    public void A_removed_alias_is_gone_and_the_service_with_other_aliases_stays()
    {
        var start = Start();
        var diff = Reload(start, "Services:0:Aliases:1");
        var alice = Resolve(start, "sip:meet.alice@vc.example.com");

        // The bare alias still answers in every served domain; a removed service is gone for every alias.
        Assert.Equal(ContactChange.Same, diff.ForContact("sip:meet.alice@vc.example.com", alice, out _));
        var removed = Reload(start, "Services:1");
        Assert.Equal(ContactChange.Gone, removed.ForContact("sip:townhall@vc.example.com", Resolve(start, "sip:townhall@vc.example.com"), out var none));
        Assert.Null(none);
        Assert.Equal("+[] -[townhall] ~[]", Summary(removed));
    }

    [Fact]
    public void A_service_whose_first_alias_changed_is_followed_by_its_other_aliases()
    {
        var start = Start();
        var diff = Reload(start, "Services:0:Aliases:0=alice", "Services:0:Aliases:1=meet.alice");

        Assert.Equal(ContactChange.Rebound, diff.ForContact("sip:meet.alice@vc.example.com", Resolve(start, "sip:meet.alice@vc.example.com"), out var now));
        Assert.Equal("alice", now!.Key);
        Assert.Equal("alice", diff.Next.Contacts.Follow("meet.alice")!.Key);
        Assert.Empty(diff.Services().Removed);
    }

    [Fact]
    public void A_gateway_alias_follows_its_rule()
    {
        var start = Start();
        var gateway = Resolve(start, Pstn);

        var replaced = Reload(start, @"RoutingRules:Rules:0:Replace=\1@sbc.example.com");
        Assert.True(replaced.RulesChanged);
        Assert.Equal(ContactChange.Changed, replaced.ForContact(Pstn, gateway, out var now));
        Assert.Equal("4420712345678@sbc.example.com", now!.Destination);
        Assert.Equal(s_reload, now.Since);

        var renamed = Reload(start, "RoutingRules:Rules:0:Name=numbers");
        Assert.Equal(ContactChange.Changed, renamed.ForContact(Pstn, gateway, out _));

        var described = Reload(start, "RoutingRules:Rules:0:Description=E.164 numbers");
        Assert.Equal(ContactChange.Same, described.ForContact(Pstn, gateway, out var same));
        Assert.Same(gateway, same);

        var gone = Reload(start, "RoutingRules:Rules");
        Assert.Equal(ContactChange.Gone, gone.ForContact(Pstn, gateway, out _));

        var service = Reload(start, "Services:2:Name=Switchboard", "Services:2:Aliases:0=+4420712345678");
        Assert.Equal(ContactChange.Changed, service.ForContact(Pstn, gateway, out var switchboard));
        Assert.Equal(ContactKind.Vmr, switchboard!.Kind);
        Assert.Equal(ContactChange.Gone, replaced.ForContact("sip:nobody@vc.example.com", gateway, out _));
    }

    [Fact]
    public void A_list_changes_with_its_name_its_members_and_what_its_members_show()
    {
        var start = Start(s_list);
        var list = start.Lists.Find(SipUri.Parse("sip:rooms@vc.example.com"))!;

        Assert.Equal(ContactChange.Changed, Reload(start, [.. s_list, "Lists:0:Name=All rooms"]).ForList(list, out _));
        Assert.Equal(ContactChange.Changed, Reload(start, [.. s_list, "Lists:0:Members:2=townhall"]).ForList(list, out var longer));
        Assert.Equal(3, longer!.Resources.Count);
        Assert.Equal(ContactChange.Changed, Reload(start, [.. s_list, "Services:0:Name=Renamed"]).ForList(list, out var renamed));
        Assert.Equal("Renamed", renamed!.Resources[0].Contact!.DisplayName);
        Assert.Equal(ContactChange.Rebound, Reload(start, [.. s_list, "Services:0:Capacity=3"]).ForList(list, out _));
        Assert.Equal(ContactChange.Gone, Reload(start, "Lists").ForList(list, out var none));
        Assert.Null(none);
    }

    [Fact]
    public void A_batch_member_that_names_nothing_now_is_a_change_of_the_batch_not_its_end()
    {
        var start = Start();
        var batch = start.Lists.ForBatch(SipUri.Parse("sip:watcher@vc.example.com"), ["sip:meet.alice@vc.example.com", Pstn]);

        Assert.Equal(ContactChange.Same, Reload(start).ForList(batch, out var same));
        Assert.Same(batch, same);
        Assert.Equal(ContactChange.Changed, Reload(start, "RoutingRules:Rules").ForList(batch, out var now));

        // Its watchers see it as noresource within the list (RFC 4662), the room as before.
        Assert.Null(now!.Resources[1].Contact);
        Assert.Same(batch.Resources[0], now.Resources[0]);
    }

    [Fact]
    public void A_redefined_custom_status_changes_the_services_showing_it_and_no_other()
    {
        string[] custom = ["Presence:CustomStatuses:0:Id=maintenance", "Presence:CustomStatuses:0:Base=Away",
            "Presence:CustomStatuses:0:Texts:en-US=Closed for maintenance", "Services:1:DefaultStatus=maintenance"];
        var start = Start(custom);
        var diff = Reload(start, [.. custom, "Presence:CustomStatuses:0:Texts:en-US=Closed until Monday"]);

        Assert.True(diff.StatesChanged);
        Assert.Equal(ContactChange.Changed, diff.ForContact("sip:townhall@vc.example.com", Resolve(start, "sip:townhall@vc.example.com"), out var hall));
        Assert.Equal("Closed until Monday", hall!.DefaultState.Texts[0].Text);
        Assert.Equal(ContactChange.Same, diff.ForContact("sip:meet.alice@vc.example.com", Resolve(start, "sip:meet.alice@vc.example.com"), out _));
        Assert.Equal(ContactChange.Same, diff.ForContact(Pstn, Resolve(start, Pstn), out _));
    }

    [Fact]
    public void New_services_are_reported_as_added()
    {
        var diff = Reload(Start(), "Services:2:Name=Board Room", "Services:2:Aliases:0=board");

        Assert.Equal("+[board] -[] ~[]", Summary(diff));
        Assert.Equal("Board Room", Resolve(diff.Next, "sip:board@vc.example.com").DisplayName);
    }

    /// <summary>The services added, removed and changed, as one line.</summary>
    private static string Summary(DialPlanDiff diff)
    {
        var (added, removed, changed) = diff.Services();
        return $"+[{string.Join(",", added)}] -[{string.Join(",", removed)}] ~[{string.Join(",", changed)}]";
    }
}
