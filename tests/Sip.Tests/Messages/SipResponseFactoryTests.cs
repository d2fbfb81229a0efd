using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Tests.Support;

namespace PresenceAgent.Sip.Tests.Messages;

public sealed class SipResponseFactoryTests
{
    [Fact]
    public void Copies_vias_in_order_from_call_id_and_cseq()
    {
        var request = Build.Request("SUBSCRIBE", via: "SIP/2.0/UDP a.example;received=192.0.2.1");
        request.Headers.Add(HeaderKind.Via, "SIP/2.0/TCP b.example;branch=z9hG4bKb");
        request.Headers.Add(HeaderKind.Contact, "<sip:watcher@a.example>");

        var response = SipResponseFactory.Create(request, 202);

        Assert.Equal(request.Vias.Select(v => v.ToString()), response.Vias.Select(v => v.ToString()));
        Assert.Equal(request.From!.ToString(), response.From!.ToString());
        Assert.Equal(request.CallId, response.CallId);
        Assert.Equal(request.CSeq, response.CSeq);
        Assert.False(response.Headers.Contains(HeaderKind.Contact));
        Assert.Equal("Accepted", response.ReasonPhrase);
    }

    [Fact]
    public void Adds_the_given_to_tag_or_a_fresh_one()
    {
        var request = Build.Request("SUBSCRIBE");

        Assert.Equal("mine", SipResponseFactory.Create(request, 200, toTag: "mine").To!.Tag);
        Assert.False(string.IsNullOrEmpty(SipResponseFactory.Create(request, 404).To!.Tag));
        Assert.Null(SipResponseFactory.Create(request, 100).To!.Tag);
    }

    [Fact]
    public void Keeps_an_existing_to_tag()
    {
        var request = Build.Request("SUBSCRIBE", toTag: "dialog1");

        Assert.Equal("dialog1", SipResponseFactory.Create(request, 200, toTag: "other").To!.Tag);
    }

    [Fact]
    public void Tag_after_a_bare_addr_spec_is_a_header_parameter()
    {
        var request = Build.Request("SUBSCRIBE");
        request.Headers.Set(HeaderKind.To, "sip:alice@example.com");

        var to = SipResponseFactory.Create(request, 200, toTag: "t9").To!;

        Assert.Equal("t9", to.Tag);
        Assert.False(to.Uri.Parameters.Contains("tag"));
    }
}
