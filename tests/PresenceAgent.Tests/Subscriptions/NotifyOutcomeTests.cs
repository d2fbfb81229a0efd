using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Subscriptions;

/// <summary>RFC 6665 §4.2.2 and RFC 5057: which answers to a NOTIFY mean the subscription is gone.</summary>
public sealed class NotifyOutcomeTests
{
    [Theory]
    [InlineData(404)]
    [InlineData(405)]
    [InlineData(408)]
    [InlineData(410)]
    [InlineData(416)]
    [InlineData(480)]
    [InlineData(481)]
    [InlineData(482)]
    [InlineData(483)]
    [InlineData(484)]
    [InlineData(485)]
    [InlineData(489)]
    [InlineData(501)]
    [InlineData(604)]
    public void Ends_the_subscription(int status) => Assert.True(NotifyOutcome.EndsSubscription(status));

    [Theory]
    [InlineData(200)]
    [InlineData(202)]
    [InlineData(302)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(407)]
    [InlineData(479)]
    [InlineData(486)]
    [InlineData(488)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(600)]
    [InlineData(603)]
    public void Keeps_the_subscription(int status) => Assert.False(NotifyOutcome.EndsSubscription(status));
}
