using System.Text;
using PresenceAgent.Presence;
using PresenceAgent.Sip;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Parsing;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>The remembered choice for an Accept text is the negotiation's choice, met first or again, in any shape.</summary>
public sealed class AcceptedFormatsTests
{
    private static SipHeaders Headers(params string[] accepts)
    {
        var lines = string.Concat(accepts.Select(a => $"Accept: {a}\r\n"));
        var text = "SUBSCRIBE sip:room1@vc.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n" +
                   "From: <sip:w@example.org>;tag=f\r\nTo: <sip:room1@vc.example.com>\r\nCall-ID: c@x\r\nCSeq: 1 SUBSCRIBE\r\n" +
                   $"Max-Forwards: 70\r\nEvent: presence\r\n{lines}Content-Length: 0\r\n\r\n";
        return SipMessageParser.Parse(Encoding.UTF8.GetBytes(text), new SipLimits(), isDatagram: true).Message!.Headers;
    }

    [Theory]
    [InlineData("application/pidf+xml")]
    [InlineData("application/msrtc-event-categories+xml, application/xpidf+xml, application/pidf+xml")]
    [InlineData("application/pidf+xml;q=0.5, application/xpidf+xml")]
    [InlineData("*/*")]
    [InlineData("text/plain")]
    [InlineData("application/pidf+xml;q=0")]
    public void A_remembered_choice_is_the_negotiated_one(string accept)
    {
        var expected = DocumentFormats.Negotiate(HeaderValueList.Split(accept));

        Assert.Equal(expected, AcceptedFormats.For(Headers(accept)));
        Assert.Equal(expected, AcceptedFormats.For(Headers(accept)));
    }

    [Fact]
    public void Several_accept_fields_and_folded_values_are_negotiated_whole()
    {
        Assert.Equal(DocumentFormat.Xpidf, AcceptedFormats.For(Headers("application/pidf+xml;q=0.1", "application/xpidf+xml")));
        Assert.Equal(DocumentFormat.Xpidf, AcceptedFormats.For(Headers("application/pidf+xml;q=0.1,\r\n application/xpidf+xml")));
        Assert.Equal(DocumentFormat.Pidf, AcceptedFormats.For(Headers()));
    }

    [Fact]
    public void The_remembered_texts_are_bounded()
    {
        for (var i = 0; i < AcceptedFormats.MaxEntries + 50; i++)
        {
            Assert.Equal(DocumentFormat.Pidf, AcceptedFormats.For(Headers($"application/pidf+xml;x={i}")));
        }

        Assert.Equal(DocumentFormat.Pidf, AcceptedFormats.For(Headers("application/pidf+xml;x=0")));
        Assert.InRange(AcceptedFormats.Count, 1, AcceptedFormats.MaxEntries);
    }
}
