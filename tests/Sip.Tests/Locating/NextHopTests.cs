using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;
using PresenceAgent.Sip.Locating;

namespace PresenceAgent.Sip.Tests.Locating;

public sealed class NextHopTests
{
    [Fact]
    public void Without_route_the_request_uri_is_the_next_hop()
    {
        var request = Build.Request("NOTIFY", uri: "sip:watcher@192.0.2.5:5070");

        Assert.True(NextHop.TryGet(request, out var hop, out _));
        Assert.Same(request.RequestUri, hop);
    }

    [Fact]
    public void Loose_router_first_route_is_the_next_hop_and_nothing_is_rewritten()
    {
        var request = Build.Request("NOTIFY", uri: "sip:watcher@192.0.2.5:5070");
        request.Headers.Add(HeaderKind.Route, "<sip:fe01.contoso.com:5061;transport=tls;lr;ms-route-sig=aa>, <sip:fe02.contoso.com;lr>");

        Assert.True(NextHop.TryGet(request, out var hop, out _));
        Assert.Equal("fe01.contoso.com", hop.Host);
        Assert.Equal("sip:watcher@192.0.2.5:5070", request.RequestUri.ToString());
        Assert.Equal(2, request.Headers.GetValues(HeaderKind.Route).Count());
    }

    [Fact]
    public void Strict_router_moves_into_the_request_uri_and_the_target_becomes_the_last_route()
    {
        var request = Build.Request("NOTIFY", uri: "sip:watcher@192.0.2.5:5070");
        request.Headers.Add(HeaderKind.Route, "<sip:strict.example.net;transport=tcp>");
        request.Headers.Add(HeaderKind.Route, "<sip:next.example.net;lr>");

        Assert.True(NextHop.TryGet(request, out var hop, out _));

        Assert.Equal("sip:strict.example.net;transport=tcp", request.RequestUri.ToString());
        Assert.Same(request.RequestUri, hop);
        Assert.Equal(["<sip:next.example.net;lr>", "<sip:watcher@192.0.2.5:5070>"], request.Headers.GetValues(HeaderKind.Route));
    }

    [Fact]
    public void Unreadable_route_is_refused()
    {
        var request = Build.Request("NOTIFY");
        request.Headers.Add(HeaderKind.Route, "<not a uri");

        Assert.False(NextHop.TryGet(request, out _, out var error));
        Assert.Contains("Route", error, StringComparison.Ordinal);
    }
}
