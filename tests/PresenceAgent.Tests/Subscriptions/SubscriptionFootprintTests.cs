using System.Text;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Subscriptions;
using PresenceAgent.Tests.Support;

namespace PresenceAgent.Tests.Subscriptions;

public sealed class SubscriptionFootprintTests
{
    [Fact]
    public void A_request_counts_the_header_values_its_dialog_keeps_and_its_request_uri()
    {
        var plain = SubscribeRequests.Parse();
        const string Route = "Record-Route: <sip:fe1.corp.example.net:5061;transport=tls;lr>";

        var routed = SubscribeRequests.Parse(extraHeaders: [Route, Route]);

        var expected = "meet.alice".Length + "vc.example.com".Length + SubscribeRequests.WatcherFrom.Length +
            "<sip:meet.alice@vc.example.com>".Length + "call-1@watcher".Length + SubscribeRequests.WatcherContact.Length + "presence".Length;
        Assert.Equal(expected, SubscriptionFootprint.OfRequest(plain));
        Assert.Equal(expected + (2 * (Route.Length - "Record-Route: ".Length)), SubscriptionFootprint.OfRequest(routed));
    }

    [Fact]
    public void Only_the_first_contact_counts_since_only_it_is_kept()
    {
        var once = SubscribeRequests.Parse();
        var twice = SubscribeRequests.Parse(extraHeaders: "Contact: <sip:other@192.0.2.99:5070>");

        Assert.Equal(SubscriptionFootprint.OfRequest(once), SubscriptionFootprint.OfRequest(twice));
    }

    [Fact]
    public void A_batch_counts_its_resource_uris()
    {
        string[] uris = ["sip:meet.alice@vc.example.com", "sip:+4420712345678@vc.example.com"];
        var body = $"""
            <batchSub xmlns="http://schemas.microsoft.com/2006/01/sip/batch-subscribe" uri="sip:bob@example.org" name="">
              <action name="subscribe" id="1"><adhocList>{string.Concat(uris.Select(u => $"<resource uri=\"{u}\"/>"))}</adhocList></action>
            </batchSub>
            """;
        Assert.True(BatchSubscription.TryParse(Encoding.UTF8.GetBytes(body), out var batch, out var error), error);

        Assert.Equal(uris.Sum(u => u.Length), SubscriptionFootprint.OfBatch(batch!));
    }
}
