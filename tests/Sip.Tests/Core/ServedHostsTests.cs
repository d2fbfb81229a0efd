using System.Net;
using System.Text;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Which Request-URI hosts are ours, as text and as the received bytes, which must agree.</summary>
public sealed class ServedHostsTests
{
    private static readonly ServedHosts s_served = Served();

    [Theory]
    [InlineData("vc.example.com", true)]
    [InlineData("VC.Example.COM", true)]
    [InlineData("vc.example.com.", true)]
    [InlineData("192.0.2.10", true)]
    [InlineData("[2001:db8::10]", true)]
    [InlineData("[2001:DB8:0::10]", true)]
    [InlineData("2001:db8::10", true)]
    [InlineData("other.example.com", false)]
    [InlineData("vc.example.com.evil", false)]
    [InlineData("192.0.2.11", false)]
    [InlineData("[2001:db8::11]", false)]
    public void A_host_is_served_the_same_as_text_and_as_bytes(string host, bool served)
    {
        Assert.Equal(served, s_served.Contains(host));
        Assert.Equal(served, s_served.Contains(Encoding.UTF8.GetBytes(host)));
    }

    [Fact]
    public void A_host_longer_than_any_name_is_not_served()
    {
        Assert.False(s_served.Contains(Encoding.ASCII.GetBytes(new string('a', 300))));
    }

    private static ServedHosts Served()
    {
        var served = new ServedHosts();
        served.Add("vc.example.com");
        served.Add(IPAddress.Parse("192.0.2.10"));
        served.Add(IPAddress.Parse("2001:db8::10"));
        return served;
    }
}
