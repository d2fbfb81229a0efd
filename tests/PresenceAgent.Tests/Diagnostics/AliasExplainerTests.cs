using PresenceAgent.Diagnostics;
using PresenceAgent.Directory;
using PresenceAgent.RoutingRules;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Diagnostics;

public sealed class AliasExplainerTests
{
    private static readonly ContactDirectory Contacts = new(
        [
            new ServiceOptions { Name = "Alice's Meeting Room", Aliases = ["meet.alice"] },
            new ServiceOptions { Name = "Town Hall", Kind = ServiceKind.Auditorium, Aliases = ["townhall@vc.example.com"] },
        ],
        RoutingRuleSet.CreateOrThrow(
        [
            new RoutingRule { Name = "pstn", Match = @"\+?([0-9]{6,15})@vc\.example\.com", Replace = @"\1@pstn.example.com" },
            new RoutingRule { Name = "greedy", Priority = 20, Match = @"meet\..*@vc\.example\.com" },
        ]),
        new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.Zero));

    private static readonly AliasExplainer Explainer = new(
        Contacts,
        new ListDirectory([new ListOptions { Name = "All rooms", Aliases = ["rooms"], Members = ["meet.alice", "nobody@vc.example.com"] }], ["vc.example.com", "vc.test"], Contacts),
        new PresenceBodies(_ => new AvatarLink(new Uri("https://pa.example.com/avatars/default.jpg"), "abc")),
        ["vc.example.com", "vc.test"],
        "pa.example.com");

    [Fact]
    public void A_service_answers_before_a_rule_that_also_matches_and_the_trace_says_so()
    {
        var e = Explainer.Explain("sip:Meet.Alice@vc.example.com");

        Assert.Equal(AliasAnswer.Service, e.Answer);
        Assert.Equal(200, e.SubscribeStatus);
        Assert.Equal("sip:Meet.Alice@vc.example.com", e.Uri);
        Assert.Equal(RoutingOutcome.Matched, e.RuleOutcome);
        Assert.Equal("greedy", Assert.Single(e.Rules, r => r.Winner).Name);
        Assert.Equal(3, e.Documents.Count);
        Assert.All(e.Documents, d => Assert.Contains("sip:Meet.Alice@vc.example.com", d.Body, StringComparison.Ordinal));
        Assert.Contains("Alice's Meeting Room", e.Documents[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_alias_is_taken_in_the_first_served_domain()
    {
        var e = Explainer.Explain("townhall");

        Assert.Equal("vc.example.com", e.AssumedDomain);
        Assert.Equal("sip:townhall@vc.example.com", e.Uri);
        Assert.Equal(AliasAnswer.Service, e.Answer);
    }

    [Fact]
    public void The_rules_see_the_same_alias_the_directory_resolves()
    {
        var e = Explainer.Explain("  +4420712345678@vc.example.com ");

        Assert.Equal(AliasAnswer.Gateway, e.Answer);
        Assert.Equal(RoutingOutcome.Matched, e.RuleOutcome);
        Assert.Equal("4420712345678@pstn.example.com", Assert.Single(e.Rules, r => r.Winner).Destination);
        Assert.Contains("pstn", e.Summary, StringComparison.Ordinal);
        Assert.Contains("https://pa.example.com/avatars/default.jpg", e.Documents[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_explains_each_member_and_carries_no_document_of_its_own()
    {
        var e = Explainer.Explain("rooms@vc.test");

        Assert.Equal(AliasAnswer.List, e.Answer);
        Assert.Empty(e.Documents);
        Assert.Equal([AliasAnswer.Service, AliasAnswer.NoPresence], e.Members.Select(m => m.Answer));
        Assert.Equal("sip:meet.alice@vc.test", e.Members[0].Uri);
    }

    [Theory]
    [InlineData("room@elsewhere.example", "DomainNotServed", 404)]
    [InlineData("nobody@vc.example.com", "NoPresence", 404)]
    [InlineData("nobody@PA.example.com", "NoPresence", 404)]
    [InlineData("a b@vc.example.com", "NotAnAlias", 400)]
    [InlineData("user@vc.example.com:5060", "NotAnAlias", 400)]
    [InlineData("<sip:x@vc.example.com>", "NotAnAlias", 400)]
    public void What_gets_no_presence_says_why(string typed, string answer, int status)
    {
        var e = Explainer.Explain(typed);

        Assert.Equal(answer, e.Answer.ToString());
        Assert.Equal(status, e.SubscribeStatus);
        Assert.Empty(e.Documents);
        Assert.False(string.IsNullOrWhiteSpace(e.Summary));
    }
}
