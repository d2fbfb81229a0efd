using PresenceAgent.Directory;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Tests.Directory;

public sealed class ListDirectoryTests
{
    private static readonly ContactDirectory Contacts = new(
        [
            new ServiceOptions { Name = "Alice's Meeting Room", Aliases = ["meet.alice"] },
            new ServiceOptions { Name = "Town Hall", Kind = ServiceKind.Auditorium, Aliases = ["townhall@vc.example.com"] },
        ],
        RoutingRuleSet.CreateOrThrow([new RoutingRule { Name = "pstn", Match = @"\+?([0-9]{6,15})@vc\.example\.com", Replace = @"\1@pstn.example.com" }]),
        new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero));

    private static readonly ListOptions Rooms = new()
    {
        Name = "All rooms",
        Aliases = ["rooms", "sip:Everything@vc.example.com"],
        Members = ["meet.alice", "townhall@vc.example.com", "+4420712345678@vc.example.com"],
    };

    private static ListDirectory Directory(params ListOptions[] lists) => new(lists, ["vc.example.com", "vc.test"], Contacts);

    [Fact]
    public void A_list_alias_resolves_its_members_in_order_bare_ones_in_the_domain_subscribed_to()
    {
        var list = Directory(Rooms).Find(SipUri.Parse("sip:rooms@vc.test"))!;

        Assert.Equal("sip:rooms@vc.test", list.Uri);
        Assert.Equal("vc.test", list.Host);
        Assert.Equal("All rooms", list.Name);
        Assert.Equal(["sip:meet.alice@vc.test", "sip:townhall@vc.example.com", "sip:+4420712345678@vc.example.com"], list.Resources.Select(r => r.Uri));
        Assert.Equal(["Alice's Meeting Room", "Town Hall", "+4420712345678"], list.Resources.Select(r => r.Contact!.DisplayName));
        Assert.Equal(ContactKind.Gateway, list.Resources[2].Contact!.Kind);
        Assert.Equal(list.Resources.Select(r => r.Uri), list.Resources.Select(r => r.Entity));
    }

    [Fact]
    public void Aliases_match_case_insensitively_and_qualified_and_subscribers_of_one_uri_share_one_list()
    {
        var directory = Directory(Rooms);

        var first = directory.Find(SipUri.Parse("sip:everything@VC.example.com"));
        Assert.NotNull(first);
        Assert.Same(first, directory.Find(SipUri.Parse("sip:everything@VC.example.com")));
        Assert.NotNull(directory.Find(SipUri.Parse("sip:ROOMS@vc.example.com")));
    }

    [Theory]
    [InlineData("sip:meet.alice@vc.test")]
    [InlineData("sip:everything@vc.test")]
    [InlineData("sip:vc.test")]
    public void Other_uris_name_no_list(string uri) => Assert.Null(Directory(Rooms).Find(SipUri.Parse(uri)));

    [Fact]
    public void Without_configured_lists_nothing_is_a_list() => Assert.Null(Directory().Find(SipUri.Parse("sip:rooms@vc.test")));

    [Fact]
    public void A_batch_keeps_the_clients_uris_in_order_once_each_and_resolves_what_it_can()
    {
        var batch = Directory().ForBatch(SipUri.Parse("sip:bob@vc.test"),
        [
            "sip:meet.alice@vc.example.com",
            "sip:+4420712345678@vc.example.com;user=phone",
            "sip:meet.alcie@vc.example.com",
            "SIP:MEET.ALICE@vc.example.com",
            "sip:meet.alice@corp.example.net",
            "tel:+4420712345678",
            "not a uri",
        ]);

        Assert.Equal("sip:bob@vc.test", batch.Uri);
        Assert.Null(batch.Name);
        Assert.Equal(["sip:meet.alice@vc.example.com", "sip:+4420712345678@vc.example.com;user=phone", "sip:meet.alcie@vc.example.com",
            "sip:meet.alice@corp.example.net", "tel:+4420712345678", "not a uri"], batch.Resources.Select(r => r.Uri));

        // A bare service alias matches in our domains only: corp.example.net is not served here.
        Assert.Equal([true, true, false, false, false, false], batch.Resources.Select(r => r.Contact is not null));
        Assert.Equal("sip:+4420712345678@vc.example.com", batch.Resources[1].Entity);
    }
}
