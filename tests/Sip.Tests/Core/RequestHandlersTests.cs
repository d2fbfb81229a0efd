using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Core;

/// <summary>Several handlers behind one stack: each method reaches its own, and the headers advertise them together.</summary>
public sealed class RequestHandlersTests
{
    private static TestRequestHandler Publish() => new()
    {
        Methods = ["PUBLISH"],
        AllowEvents = ["presence", "dialog"],
        AcceptedContentTypes = ["application/pidf+xml", "application/dialog-info+xml"],
        OptionTags = ["EventList"],
        Behavior = r => r.RespondAsync(r.CreateResponse(202)),
    };

    [Fact]
    public void Headers_list_every_handler_once_in_order()
    {
        var handlers = new RequestHandlers([new TestRequestHandler { OptionTags = ["eventlist"] }, Publish()]);

        Assert.Equal("OPTIONS, SUBSCRIBE, NOTIFY, PUBLISH", handlers.Allow);
        Assert.Equal("presence, dialog", handlers.AllowEvents);
        Assert.Equal("application/pidf+xml, application/dialog-info+xml", handlers.Accept);
        Assert.Equal("eventlist", handlers.Supported);
        Assert.True(handlers.Handles("PUBLISH"));
        Assert.False(handlers.Handles("MESSAGE"));
    }

    [Fact]
    public void Two_handlers_cannot_claim_one_method()
    {
        var error = Assert.Throws<ArgumentException>(() => new RequestHandlers([new TestRequestHandler(), new TestRequestHandler { Methods = ["NOTIFY"] }]));

        Assert.Contains("NOTIFY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_request_reaches_the_handler_of_its_method_over_the_wire()
    {
        var publish = Publish();
        await using var h = await StackHarness.StartAsync(moreHandlers: [publish]);
        using var peer = new UdpPeer();

        var published = await peer.RequestAsync(SipRequests.Text("PUBLISH", peer.SentBy), h.Udp);
        var subscribed = await peer.RequestAsync(SipRequests.Text("SUBSCRIBE", peer.SentBy), h.Udp);
        var options = await peer.RequestAsync(SipRequests.Text("OPTIONS", peer.SentBy), h.Udp);

        Assert.Equal(202, published.StatusCode);
        Assert.Equal(200, subscribed.StatusCode);
        Assert.Equal("PUBLISH", Assert.Single(publish.Calls).Request.Method);
        Assert.Equal("SUBSCRIBE", Assert.Single(h.Handler.Calls).Request.Method);
        Assert.Equal("OPTIONS, SUBSCRIBE, NOTIFY, PUBLISH", options.Headers.GetFirst(HeaderKind.Allow));
    }
}
