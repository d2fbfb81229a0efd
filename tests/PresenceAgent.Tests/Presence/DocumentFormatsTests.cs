using PresenceAgent.Presence;

namespace PresenceAgent.Tests.Presence;

public sealed class DocumentFormatsTests
{
    private const string LyncAccept = "application/msrtc-event-categories+xml, text/xml+msrtc.pidf, application/xpidf+xml, application/pidf+xml, application/rlmi+xml, multipart/related";

    [Fact]
    public void No_accept_header_means_pidf() => Assert.Equal(DocumentFormat.Pidf, DocumentFormats.Negotiate(null));

    [Theory]
    [InlineData(LyncAccept, nameof(DocumentFormat.MsrtcCategories))]
    [InlineData("application/pidf+xml", nameof(DocumentFormat.Pidf))]
    [InlineData("APPLICATION/PIDF+XML", nameof(DocumentFormat.Pidf))]
    [InlineData("application/xpidf+xml", nameof(DocumentFormat.Xpidf))]
    [InlineData("application/xpidf+xml, application/pidf+xml", nameof(DocumentFormat.Pidf))]
    [InlineData("application/msrtc-event-categories+xml", nameof(DocumentFormat.MsrtcCategories))]
    [InlineData("*/*", nameof(DocumentFormat.Pidf))]
    [InlineData("application/*", nameof(DocumentFormat.Pidf))]
    [InlineData("application/*, application/xpidf+xml", nameof(DocumentFormat.Xpidf))]
    [InlineData("application/pidf+xml;q=1, application/msrtc-event-categories+xml;q=0.5", nameof(DocumentFormat.Pidf))]
    [InlineData("application/msrtc-event-categories+xml;q=0, */*", nameof(DocumentFormat.Pidf))]
    [InlineData("application/pidf+xml;q=0.3, application/xpidf+xml;q=0.9", nameof(DocumentFormat.Xpidf))]
    [InlineData("application/pidf+xml ; level=1 ; q=0.8", nameof(DocumentFormat.Pidf))]
    [InlineData("application/pidf+xml;q=banana", nameof(DocumentFormat.Pidf))]
    public void Chooses_by_q_then_named_type_then_our_preference(string accept, string expected) =>
        Assert.Equal(Enum.Parse<DocumentFormat>(expected), DocumentFormats.Negotiate(accept.Split(',')));

    [Theory]
    [InlineData("text/plain")]
    [InlineData("")]
    [InlineData("application/pidf+xml;q=0")]
    [InlineData("application/pidf+xml;q=0, */*")]
    [InlineData("text/xml+msrtc.pidf, application/rlmi+xml, multipart/related")]
    public void Nothing_acceptable_is_null(string accept) => Assert.Null(DocumentFormats.Negotiate(accept.Split(',')));

    [Fact]
    public void The_406_accept_header_lists_every_format_in_our_order() =>
        Assert.Equal("application/msrtc-event-categories+xml, application/pidf+xml, application/xpidf+xml", DocumentFormats.AcceptHeader);
}
