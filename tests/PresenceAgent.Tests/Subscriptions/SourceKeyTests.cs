using System.Net;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Subscriptions;

public sealed class SourceKeyTests
{
    private static SourceKey Of(string address) => SourceKey.Of(IPAddress.Parse(address));

    [Fact]
    public void An_ipv6_source_counts_per_64_prefix()
    {
        Assert.Equal(Of("2001:db8:1:2::1"), Of("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        Assert.NotEqual(Of("2001:db8:1:2::1"), Of("2001:db8:1:3::1"));
        Assert.Equal("2001:db8:1:2::/64", Of("2001:db8:1:2:a:b:c:d").ToString());
    }

    [Fact]
    public void An_ipv4_source_counts_per_address_whether_mapped_or_not()
    {
        Assert.Equal(Of("192.0.2.10"), Of("::ffff:192.0.2.10"));
        Assert.NotEqual(Of("192.0.2.10"), Of("192.0.2.11"));
        Assert.Equal("192.0.2.10", Of("::ffff:192.0.2.10").ToString());
    }

    [Fact]
    public void An_ipv4_address_is_no_ipv6_prefix()
    {
        // Both keep 0 as their number (an IPv4 address, a /64 prefix); they must not share a count.
        Assert.NotEqual(Of("0.0.0.0"), Of("::1"));
    }
}
