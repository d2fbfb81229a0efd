using PresenceAgent.Directory;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Directory;

public sealed class ContactDirectoryTests
{
    private static readonly DateTimeOffset Loaded = new(2026, 2, 3, 4, 5, 6, TimeSpan.Zero);

    private static readonly ServiceOptions Alice = new()
    {
        Name = "Alice's Meeting Room",
        Description = "Weekly project room",
        DescriptionLanguage = "en-GB",
        Aliases = ["meet.alice", "SIP:Alice.Room@VC.example.com"],
        Theme = "boardroom",
        Homepage = "https://vc.example.com/meet.alice",
    };

    private static readonly ServiceOptions TownHall = new()
    {
        Name = "Town Hall",
        Kind = ServiceKind.Auditorium,
        Aliases = ["townhall@vc.example.com"],
    };

    private static readonly RoutingRule Pstn = new()
    {
        Name = "pstn-gateway",
        Match = @"\+?([0-9]{6,15})@vc\.example\.com",
        Replace = @"\1@pstn.example.com",
    };

    /// <summary>Claims every alias in the domain: it must still never hide a service.</summary>
    private static readonly RoutingRule Everything = new()
    {
        Name = "everyone-to-teams",
        Priority = 100,
        Match = @"([^@]+)@vc\.example\.com",
        Replace = @"\1@teams.example.com",
    };

    private static ContactDirectory Directory(params RoutingRule[] rules) =>
        new([Alice, TownHall], RoutingRuleSet.CreateOrThrow(rules), Loaded);

    private static Contact? Resolve(ContactDirectory directory, string uri) => directory.Resolve(SipUri.Parse(uri));

    [Theory]
    [InlineData("sip:meet.alice@vc.example.com")]
    [InlineData("sip:meet.alice@127.0.0.1")]
    [InlineData("sips:meet.alice@localhost:5061;transport=tls")]
    [InlineData("sip:MEET.Alice@vc.example.com")]
    [InlineData("sip:meet%2Ealice@vc.example.com")]
    [InlineData("sip:meet%2ealice@vc.example.com")]
    public void A_bare_alias_matches_in_every_domain_ignoring_case_and_escapes(string uri)
    {
        var contact = Resolve(Directory(), uri);

        Assert.NotNull(contact);
        Assert.Equal(ContactKind.Vmr, contact.Kind);
        Assert.Equal("Alice's Meeting Room", contact.DisplayName);
    }

    [Fact]
    public void A_rule_that_times_out_on_a_hostile_alias_is_no_match_and_is_logged()
    {
        // A backreference needs the backtracking engine, which runs under a match timeout.
        var slow = new RoutingRule { Name = "slow-backref", Match = @"(a+)+\1b@vc\.example\.com" };
        var logs = new CollectingLoggerProvider();
        var directory = new ContactDirectory([], RoutingRuleSet.CreateOrThrow([slow], new RoutingRuleOptions { MatchTimeout = TimeSpan.FromMilliseconds(1) }),
            Loaded, logs.CreateLogger<ContactDirectory>());

        Assert.Null(Resolve(directory, $"sip:{new string('a', 200)}c@vc.example.com"));
        var entry = Assert.Single(logs.Entries, e => e.EventId.Id == 4000);
        Assert.Contains("slow-backref", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_written_escaped_in_configuration_matches_its_unescaped_form()
    {
        var escaped = new ServiceOptions { Name = "Escaped", Aliases = ["sip:board%2Eroom@vc.example.com"] };
        var directory = new ContactDirectory([escaped], RoutingRuleSet.CreateOrThrow([]), Loaded);

        Assert.Equal("Escaped", Resolve(directory, "sip:board.room@vc.example.com")?.DisplayName);
        Assert.Equal("Escaped", Resolve(directory, "sip:board%2eroom@vc.example.com")?.DisplayName);
    }

    [Fact]
    public void A_service_contact_carries_its_configuration()
    {
        var contact = Resolve(Directory(), "sip:meet.alice@vc.example.com")!;

        Assert.Equal("Weekly project room", contact.Description);
        Assert.Equal("en-GB", contact.DescriptionLanguage);
        Assert.Equal("boardroom", contact.Theme);
        Assert.Equal(new Uri("https://vc.example.com/meet.alice"), contact.Homepage);
        Assert.Equal(Loaded, contact.Since);
        Assert.Null(contact.RuleName);
        Assert.Null(contact.Destination);
    }

    [Fact]
    public void A_service_contact_carries_its_card()
    {
        var room = new ServiceOptions
        {
            Name = "Board Room",
            Aliases = ["board"],
            Email = " board@example.com ",
            Title = "Virtual meeting room",
            Phones = [new() { Number = "+4930123456" }, new() { Type = PhoneType.Other, Number = "+441234567890" }],
            Company = "Example GmbH",
            Office = "Berlin 4.12",
            WorkAddress = "Example Street 1, Berlin",
            WebSite = "https://intranet.example.com/rooms/board",
            Note = "Ask reception for the PIN",
            OutOfOfficeNote = "  ",
        };

        var directory = new ContactDirectory([room], RoutingRuleSet.CreateOrThrow([]), Loaded);
        var card = Resolve(directory, "sip:board@vc.example.com")!.Card;

        Assert.Equal("board@example.com", card.Email);
        Assert.Equal("Virtual meeting room", card.Title);
        Assert.Equal([new("work", "+4930123456"), new("other", "+441234567890")], card.Phones.ToArray());
        Assert.Equal("tel:+4930123456", card.Phones[0].TelUri);
        Assert.Equal("Example GmbH", card.Company);
        Assert.Equal("Berlin 4.12", card.Office);
        Assert.Equal("Example Street 1, Berlin", card.WorkAddress);
        Assert.Equal(new Uri("https://intranet.example.com/rooms/board"), card.WebSite);
        Assert.Equal("Ask reception for the PIN", card.Note);
        Assert.Null(card.OutOfOfficeNote);
    }

    [Fact]
    public void Cards_built_alike_are_equal_so_a_reload_that_changes_nothing_keeps_the_contact()
    {
        var room = new ServiceOptions { Name = "Board", Aliases = ["board"], Phones = [new() { Number = "+4930123" }], OutOfOfficeNote = "Closed" };

        var first = ServiceCard.From(room);
        var second = ServiceCard.From(room);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, first with { Phones = [new("mobile", "+4930123")] });
        Assert.NotEqual(first, first with { OutOfOfficeNote = "Open" });
    }

    [Fact]
    public void A_service_without_card_attributes_shares_the_empty_card()
    {
        Assert.Same(PresenceAgent.Presence.ContactCard.Empty, Resolve(Directory(), "sip:meet.alice@vc.example.com")!.Card);
    }

    [Fact]
    public void Every_alias_of_a_service_resolves_to_the_same_shared_contact()
    {
        var directory = Directory();

        Assert.Same(Resolve(directory, "sip:meet.alice@vc.example.com"), Resolve(directory, "sip:alice.room@vc.example.com"));
        Assert.Equal(3, directory.ServiceAliasCount);
    }

    [Theory]
    [InlineData("sip:alice.room@vc.example.com")]
    [InlineData("sip:ALICE.ROOM@vc.EXAMPLE.com")]
    [InlineData("sip:alice.room@vc.example.com:5070")]
    public void A_user_at_host_alias_matches_that_host_ignoring_case(string uri) =>
        Assert.Equal("Alice's Meeting Room", Resolve(Directory(), uri)?.DisplayName);

    [Theory]
    [InlineData("sip:alice.room@127.0.0.1")]
    [InlineData("sip:alice.room@example.com")]
    [InlineData("sip:townhall@other.example.com")]
    public void A_user_at_host_alias_does_not_match_another_host(string uri) =>
        Assert.Null(Resolve(Directory(), uri));

    [Fact]
    public void An_auditorium_resolves_as_an_auditorium()
    {
        var contact = Resolve(Directory(), "sip:TownHall@vc.example.com");

        Assert.NotNull(contact);
        Assert.Equal(ContactKind.Auditorium, contact.Kind);
        Assert.Equal("Town Hall", contact.DisplayName);
        Assert.Null(contact.Theme);
    }

    [Fact]
    public void A_gateway_rule_match_becomes_a_gateway_contact()
    {
        var contact = Resolve(Directory(Pstn), "sip:+441234567890@vc.example.com;user=phone");

        Assert.NotNull(contact);
        Assert.Equal(ContactKind.Gateway, contact.Kind);
        Assert.Equal("+441234567890", contact.DisplayName);
        Assert.Equal("pstn-gateway", contact.RuleName);
        Assert.Equal("441234567890@pstn.example.com", contact.Destination);
        Assert.Equal(Loaded, contact.Since);
        Assert.Null(contact.Theme);
        Assert.Null(contact.Homepage);
    }

    [Fact]
    public void Rules_see_the_unescaped_user_part()
    {
        var contact = Resolve(Directory(Pstn), "sip:%2B441234567890@vc.example.com");

        Assert.Equal("+441234567890", contact?.DisplayName);
        Assert.Equal("441234567890@pstn.example.com", contact?.Destination);
    }

    [Fact]
    public void The_first_matching_rule_by_priority_wins()
    {
        var contact = Resolve(Directory(Everything, Pstn), "sip:441234567890@vc.example.com");

        Assert.Equal("pstn-gateway", contact?.RuleName);
    }

    [Theory]
    [InlineData("sip:12345@vc.example.com")]
    [InlineData("sip:441234567890@pstn.example.com")]
    [InlineData("sip:meet.bob@vc.example.com")]
    public void No_service_and_no_rule_means_no_contact(string uri) =>
        Assert.Null(Resolve(Directory(Pstn), uri));

    [Theory]
    [InlineData("sip:meet.alice@vc.example.com", "Alice's Meeting Room")]
    [InlineData("sip:alice.room@vc.example.com", "Alice's Meeting Room")]
    [InlineData("sip:townhall@vc.example.com", "Town Hall")]
    public void A_rule_that_also_matches_a_service_alias_does_not_hide_the_service(string uri, string service)
    {
        var directory = Directory(Everything);
        Assert.True(directory.Rules.Match(SipUri.Parse(uri).AddressOfRecord).IsMatch);

        var contact = Resolve(directory, uri);

        Assert.Equal(service, contact?.DisplayName);
        Assert.NotEqual(ContactKind.Gateway, contact?.Kind);
    }

    [Fact]
    public void The_broad_rule_still_takes_aliases_no_service_claims() =>
        Assert.Equal("meet.bob@teams.example.com", Resolve(Directory(Everything), "sip:meet.bob@vc.example.com")?.Destination);

    [Theory]
    [InlineData("sip:vc.example.com")]
    [InlineData("sip:127.0.0.1:5060")]
    public void A_uri_without_user_part_resolves_to_nothing(string uri) =>
        Assert.Null(Resolve(Directory(Everything), uri));

    [Fact]
    public void An_over_long_alias_resolves_to_nothing_without_running_rules()
    {
        var directory = Directory(Everything);
        var uri = SipUri.Parse($"sip:{new string('a', directory.Rules.MaxAliasLength)}@vc.example.com");

        Assert.Null(directory.Resolve(uri));
        Assert.Equal(0, directory.Rules.Timeouts);
    }

    [Theory]
    [InlineData("meet.alice", "meet.alice")]
    [InlineData("  sip:meet.alice@vc.example.com ", "meet.alice@vc.example.com")]
    [InlineData("SIPS:room@vc.example.com", "room@vc.example.com")]
    public void Configured_aliases_lose_scheme_and_spaces(string alias, string normalized) =>
        Assert.Equal(normalized, ContactDirectory.NormalizeAlias(alias));

    [Theory]
    [InlineData("sip:meet%2Ealice@vc.example.com", "meet.alice@vc.example.com")]
    [InlineData("sip:vc.example.com", null)]
    public void AliasOf_is_the_unescaped_user_at_host(string uri, string? alias) =>
        Assert.Equal(alias, ContactDirectory.AliasOf(SipUri.Parse(uri)));
}
