using PresenceAgent.Access;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Configuration;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Access;

/// <summary>A list's members are each rendered at the watcher's level for that member's service.</summary>
public sealed class ListLevelsTests
{
    [Fact]
    public void Each_member_shows_what_the_watchers_level_for_its_service_allows()
    {
        var snapshot = TestConfiguration.Load(TestConfiguration.Build(
            "Services:0:Phones:0:Number=+4930901820",
            "Services:1:Phones:0:Number=+4930901821", "Services:1:AccessLevels:Blocked:0=example.org",
            "Lists:0:Name=Rooms", "Lists:0:Aliases:0=rooms", "Lists:0:Members:0=meet.alice", "Lists:0:Members:1=townhall",
            "AccessLevels:Company:0=example.org")).Snapshot(["vc.example.com"], DateTimeOffset.UnixEpoch);
        var bodies = new PresenceBodies(theme => new AvatarLink(new Uri($"https://pa.example.com/avatars/{theme ?? "default"}.jpg"), "0123"), () => snapshot);
        var request = SubscribeRequests.Parse(uri: "sip:rooms@vc.example.com");
        var subscription = new ListSubscription(SubscribeRequests.DialogFor(request), "presence", snapshot.Lists.Find(request.RequestUri)!, flow: null,
            expiresAtTicks: long.MaxValue, DocumentFormat.Pidf, CategorySet.All);

        var decision = subscription.Assess(snapshot.Access, subscription.Watcher());
        var (contentType, body) = subscription.NextBody(bodies, ended: null);

        Assert.Equal(new AccessDecision(AccessLevel.Company, "AccessLevels:Company:0"), decision);
        var parts = MultipartBody.Parse(contentType, body.ToArray()).Parts;
        var alice = System.Text.Encoding.UTF8.GetString(parts[1].Body);
        var townHall = System.Text.Encoding.UTF8.GetString(parts[2].Body);
        Assert.Contains("Alice's Meeting Room", alice, StringComparison.Ordinal);
        Assert.Contains("<basic>open</basic>", alice, StringComparison.Ordinal);
        Assert.Contains("<basic>closed</basic>", townHall, StringComparison.Ordinal);
        Assert.DoesNotContain("Town Hall", townHall, StringComparison.Ordinal);

        // The RLMI names only the members whose name the watcher may see.
        var rlmi = System.Text.Encoding.UTF8.GetString(parts[0].Body);
        Assert.Contains("Alice's Meeting Room", rlmi, StringComparison.Ordinal);
        Assert.DoesNotContain("Town Hall", rlmi, StringComparison.Ordinal);
    }
}
