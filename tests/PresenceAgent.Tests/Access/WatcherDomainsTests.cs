using PresenceAgent.Access;

namespace PresenceAgent.Tests.Access;

/// <summary>The watcher domains shared between SUBSCRIBEs: one string per domain, and a bound on how many.</summary>
public sealed class WatcherDomainsTests
{
    [Theory]
    [InlineData("alice@contoso.com", "contoso.com")]
    [InlineData("a@b@fabrikam.example", "fabrikam.example")]
    [InlineData("tel:+15550100", "")]
    [InlineData("bob@", "")]
    public void The_domain_is_what_follows_the_last_at(string address, string domain) =>
        Assert.Equal(domain, WatcherIdentity.DomainOf(address));

    [Fact]
    public void Watchers_of_one_domain_share_its_string_and_the_remembered_domains_are_bounded()
    {
        // One test, so the pool is not filled by the bound's part before the sharing is seen.
        var first = WatcherIdentity.DomainOf("alice@shared-domain.example");
        var second = WatcherIdentity.DomainOf(string.Concat("bob", "@shared-domain.example"));
        Assert.Equal("shared-domain.example", second);
        Assert.Same(first, second);

        for (var i = 0; i < WatcherDomains.Pool.MaxEntries + 50; i++)
        {
            Assert.Equal($"d{i}.bound.example", WatcherIdentity.DomainOf($"w@d{i}.bound.example"));
        }

        Assert.InRange(WatcherDomains.Pool.Count, 1, WatcherDomains.Pool.MaxEntries);
    }
}
