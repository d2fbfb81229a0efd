using System.Net;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Tests.Transport;

/// <summary>The bounded per-address tables under the limits: keys, /64 hosts, least-recently-used eviction.</summary>
public sealed class LruTableTests
{
    [Fact]
    public void Ipv4_mapped_ipv6_is_the_same_key_as_its_ipv4_address()
    {
        Assert.Equal(AddressKey.Of(IPAddress.Parse("192.0.2.1")), AddressKey.Of(IPAddress.Parse("::ffff:192.0.2.1")));
        Assert.True(AddressKey.Of(IPAddress.Parse("::ffff:192.0.2.1")).IsIPv4);
        Assert.NotEqual(AddressKey.Of(IPAddress.Parse("192.0.2.1")), AddressKey.Of(IPAddress.Parse("192.0.2.2")));
    }

    [Fact]
    public void An_ipv6_host_is_its_64_and_an_ipv4_host_its_address()
    {
        Assert.Equal(AddressKey.HostOf(IPAddress.Parse("2001:db8::1")), AddressKey.HostOf(IPAddress.Parse("2001:db8::ffff:1234:5678:9abc")));
        Assert.NotEqual(AddressKey.HostOf(IPAddress.Parse("2001:db8::1")), AddressKey.HostOf(IPAddress.Parse("2001:db8:0:1::1")));
        Assert.NotEqual(AddressKey.HostOf(IPAddress.Parse("192.0.2.1")), AddressKey.HostOf(IPAddress.Parse("192.0.2.2")));
    }

    [Fact]
    public void The_least_recently_used_address_is_forgotten_first()
    {
        var table = new LruTable<AddressKey, int>(capacity: 3);
        var a = Key(1);
        table.GetOrAdd(a, out _) = 10;
        table.GetOrAdd(Key(2), out _) = 20;
        table.GetOrAdd(Key(3), out _) = 30;

        // Using a makes 2 the oldest; a fourth address then takes 2's place.
        Assert.Equal(10, table.Find(a));
        table.GetOrAdd(Key(4), out var added) = 40;

        Assert.True(added);
        Assert.Equal(3, table.Count);
        Assert.True(System.Runtime.CompilerServices.Unsafe.IsNullRef(ref table.Find(Key(2))));
        Assert.Equal(10, table.Find(a));
        Assert.Equal(30, table.Find(Key(3)));
        Assert.Equal(0, table.GetOrAdd(Key(2), out var again));
        Assert.True(again);
    }

    [Fact]
    public void A_table_much_smaller_than_the_traffic_stays_at_its_capacity()
    {
        var table = new LruTable<AddressKey, long>(capacity: 100);
        for (var i = 0; i < 10_000; i++)
        {
            table.GetOrAdd(Key(i), out _)++;
        }

        Assert.Equal(100, table.Count);
        for (var i = 9_900; i < 10_000; i++)
        {
            Assert.Equal(1, table.Find(Key(i)));
        }
    }

    private static AddressKey Key(int i) => AddressKey.Of(new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));
}
