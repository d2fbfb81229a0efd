using PresenceAgent.Access;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Access;

/// <summary>The watcher addresses shared between SUBSCRIBEs: read from the From's bytes, one string per address, bounded.</summary>
public sealed class WatcherAddressesTests
{
    [Theory]
    [InlineData("<sip:w%41tcher@Example.org>;tag=1", "wAtcher@Example.org")]
    [InlineData("\"W\" <sips:watcher@example.org:5061;transport=tls>;tag=1", "watcher@example.org")]
    [InlineData("<tel:+15550100>;tag=1", "tel:+15550100")]
    public void The_address_is_the_from_uris_address_of_record(string from, string address)
    {
        var request = Subscribe(from);

        Assert.Equal(address, WatcherAddresses.Of(request));
        Assert.Equal(address, request.FromAddressOfRecord);
    }

    [Fact]
    public void A_repeated_watcher_shares_one_string_and_the_remembered_addresses_are_bounded()
    {
        // One test, so the pool is not filled by the bound's part before the sharing is seen.
        var first = WatcherAddresses.Of(Subscribe("<sip:repeated@watchers.example>;tag=a"));
        var second = WatcherAddresses.Of(Subscribe("\"Again\" <sip:repeated@watchers.example;transport=tcp>;tag=b"));
        Assert.Equal("repeated@watchers.example", second);
        Assert.Same(first, second);

        for (var i = 0; i < WatcherAddresses.Pool.MaxEntries + 50; i++)
        {
            Assert.Equal($"w{i}@bound.example", WatcherAddresses.Of(Subscribe($"<sip:w{i}@bound.example>;tag=t")));
        }

        Assert.InRange(WatcherAddresses.Pool.Count, 1, WatcherAddresses.Pool.MaxEntries);
    }

    private static SipRequest Subscribe(string from)
    {
        var request = SubscribeRequests.Parse();
        request.Headers.Set(HeaderKind.From, from);
        return request;
    }
}
