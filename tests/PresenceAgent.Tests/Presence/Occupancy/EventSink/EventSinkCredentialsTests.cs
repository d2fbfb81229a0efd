using System.Text;
using PresenceAgent.Presence.Occupancy.EventSink;

namespace PresenceAgent.Tests.Presence.Occupancy.EventSink;

/// <summary>HTTP basic authentication as the platform's event sink sends it (RFC 7617).</summary>
public sealed class EventSinkCredentialsTests
{
    private static readonly EventSinkCredentials Credentials = new("pexip-sink", "s3cret:with colon é");

    private static string Basic(string userPass) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass));

    [Fact]
    public void Accepts_the_configured_user_and_password_whatever_the_schemes_case()
    {
        Assert.True(Credentials.Accepts(Basic("pexip-sink:s3cret:with colon é")));
        Assert.True(Credentials.Accepts("basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("pexip-sink:s3cret:with colon é"))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic")]
    [InlineData("Basic !!!not-base64")]
    public void Refuses_a_header_that_is_not_basic_credentials(string? header) => Assert.False(Credentials.Accepts(header));

    [Theory]
    [InlineData("pexip-sink:wrong")]
    [InlineData("Pexip-Sink:s3cret:with colon é")]
    [InlineData("pexip-sink:s3cret:with colon e")]
    [InlineData("pexip-sink")]
    [InlineData(":s3cret:with colon é")]
    public void Refuses_another_user_or_password_the_user_compared_with_case(string userPass) => Assert.False(Credentials.Accepts(Basic(userPass)));

    [Fact]
    public void Are_required_only_when_both_are_configured()
    {
        Assert.Null(EventSinkCredentials.For(new EventSinkOptions()));
        Assert.Null(EventSinkCredentials.For(new EventSinkOptions { Username = "u" }));
        Assert.NotNull(EventSinkCredentials.For(new EventSinkOptions { Username = "u", Password = "p" }));
    }
}
