using PresenceAgent.Access;

namespace PresenceAgent.Tests.Access;

/// <summary>Which level a watcher gets, and the configuration key that says why.</summary>
public sealed class AccessPolicyTests
{
    private const string Board = "board@vc.example.com";

    private static readonly AccessLevelOptions Options = new()
    {
        Personal = ["ceo@example.com"],
        Team = ["facilities@example.com", "av-team.example.com"],
        Company = ["partner.example.net"],
        Blocked = ["spam@example.org", "blocked.example"],
        Patterns =
        [
            new AccessPatternOptions { Match = @"guest-.*@example\.com", Level = "Public" },
            new AccessPatternOptions { Match = @".*@friends\.example", Level = "team" },
            new AccessPatternOptions { Match = @"bot[0-9]+@.*", Level = "Blocked" },
        ],
    };

    private static readonly AccessPolicy Policy = AccessPolicy.Create(Options, ["example.com", "vc.example.com"],
    [
        (Board, "Services:3:AccessLevels", new AccessMappingOptions
        {
            Default = "Blocked",
            Team = ["visitor@elsewhere.example"],
            Blocked = ["intern@example.com"],
            Patterns = [new AccessPatternOptions { Match = @"ceo@example\.com", Level = "Public" }],
        }),
    ]);

    private static WatcherIdentity Proven(string address) => new(address, address, WatcherProof.TrustedFrom);

    private static WatcherIdentity Unproven(string address) => new(address, address, WatcherProof.UntrustedFrom);

    [Theory]
    [InlineData("ceo@example.com", "Personal", "AccessLevels:Personal:0")]
    [InlineData("facilities@EXAMPLE.com", "Team", "AccessLevels:Team:0")]
    [InlineData("anyone@av-team.example.com", "Team", "AccessLevels:Team:1")]
    [InlineData("jo@partner.example.net", "Company", "AccessLevels:Company:0")]
    [InlineData("jo@example.com", "Company", "Sip:Domains")]
    [InlineData("guest-42@example.com", "Public", "AccessLevels:Patterns:0")]
    [InlineData("amy@friends.example", "Team", "AccessLevels:Patterns:1")]
    [InlineData("bot7@example.com", "Blocked", "AccessLevels:Patterns:2")]
    [InlineData("spam@example.org", "Blocked", "AccessLevels:Blocked:0")]
    [InlineData("anyone@blocked.example", "Blocked", "AccessLevels:Blocked:1")]
    [InlineData("someone@elsewhere.example", "Public", "AccessLevels:Default")]
    public void The_section_maps_lists_patterns_domains_and_the_rest(string watcher, string level, string rule) =>
        Assert.Equal(new AccessDecision(Enum.Parse<AccessLevel>(level), rule), Policy.Decide(Proven(watcher), "room1"));

    [Theory]
    [InlineData("visitor@elsewhere.example", "Team", "Services:3:AccessLevels:Team:0")]
    [InlineData("intern@example.com", "Blocked", "Services:3:AccessLevels:Blocked:0")]
    [InlineData("ceo@example.com", "Public", "Services:3:AccessLevels:Patterns:0")]
    [InlineData("facilities@example.com", "Team", "AccessLevels:Team:0")]
    [InlineData("jo@example.com", "Company", "Sip:Domains")]
    [InlineData("spam@example.org", "Blocked", "AccessLevels:Blocked:0")]
    [InlineData("someone@nowhere.example", "Blocked", "Services:3:AccessLevels:Default")]
    public void A_service_mapping_is_looked_up_first_and_the_section_after_it(string watcher, string level, string rule) =>
        Assert.Equal(new AccessDecision(Enum.Parse<AccessLevel>(level), rule), Policy.Decide(Proven(watcher), "BOARD@vc.example.com"));

    [Theory]
    [InlineData("ceo@example.com", "Company")]
    [InlineData("anyone@av-team.example.com", "Company")]
    [InlineData("amy@friends.example", "Public")]
    [InlineData("jo@example.com", "Company")]
    [InlineData("guest-1@example.com", "Public")]
    [InlineData("spam@example.org", "Blocked")]
    public void An_unproven_from_gets_no_more_than_its_domain_gives(string watcher, string level)
    {
        var decision = Policy.Decide(Unproven(watcher), "room1");

        Assert.Equal(Enum.Parse<AccessLevel>(level), decision.Level);
        if (Policy.Decide(Proven(watcher), "room1").Level > AccessLevel.Company)
        {
            Assert.Contains("the From is not proven", decision.Rule, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("TrustedFrom")]
    [InlineData("Asserted")]
    [InlineData("Digest")]
    public void A_proven_identity_gets_its_level_whatever_the_from_says(string proof) =>
        Assert.Equal(AccessLevel.Personal, Policy.Decide(new WatcherIdentity("ceo@example.com", "anonymous@anonymous.invalid", Enum.Parse<WatcherProof>(proof)), "room1").Level);

    [Fact]
    public void A_blocked_from_stays_blocked_whoever_the_watcher_proved_to_be()
    {
        var decision = Policy.Decide(new WatcherIdentity("ceo@example.com", "spam@example.org", WatcherProof.Digest), "room1");

        Assert.Equal(new AccessDecision(AccessLevel.Blocked, "AccessLevels:Blocked:0 (From)"), decision);
    }

    [Fact]
    public void Without_configuration_the_served_domains_are_company_and_everyone_else_public()
    {
        var policy = AccessPolicy.Create(new AccessLevelOptions(), ["vc.example.com"], []);

        Assert.Equal(AccessLevel.Company, policy.Decide(Unproven("jo@vc.example.com"), null).Level);
        Assert.Equal(new AccessDecision(AccessLevel.Public, "AccessLevels:Default"), policy.Decide(Unproven("jo@elsewhere.example"), null));
        Assert.Equal(AccessLevel.Public, policy.Decide(Unproven("tel:+4930123"), null).Level);
    }

    [Fact]
    public void Each_level_sees_the_seeds_attributes_and_attribute_minimums_move_them()
    {
        var seed = AccessPolicy.Default;
        var moved = AccessPolicy.Create(new AccessLevelOptions
        {
            Attributes = new(StringComparer.OrdinalIgnoreCase) { ["otherPhones"] = "Team", ["Email"] = "Company" },
        }, [], []);

        Assert.Equal(CardAttributes.None, seed.ViewOf(AccessLevel.Blocked));
        Assert.Equal(CardAttributes.DisplayName | CardAttributes.Availability | CardAttributes.Email | CardAttributes.Title | CardAttributes.Company |
            CardAttributes.Description | CardAttributes.Photo | CardAttributes.Homepage, seed.ViewOf(AccessLevel.Public));
        Assert.Equal(AttributeLevels.All, seed.ViewOf(AccessLevel.Company));
        Assert.Equal(AttributeLevels.All, seed.ViewOf(AccessLevel.Team));
        Assert.Equal(AttributeLevels.All, seed.ViewOf(AccessLevel.Personal));
        Assert.False(moved.ViewOf(AccessLevel.Company).HasFlag(CardAttributes.OtherPhones));
        Assert.True(moved.ViewOf(AccessLevel.Company).HasFlag(CardAttributes.WorkPhone));
        Assert.True(moved.ViewOf(AccessLevel.Team).HasFlag(CardAttributes.OtherPhones));
        Assert.False(moved.ViewOf(AccessLevel.Public).HasFlag(CardAttributes.Email));
    }
}
