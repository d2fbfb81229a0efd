using System.Reflection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Tests.Subscriptions;

public sealed class SubscriptionLogTests
{
    [Fact]
    public void Event_ids_are_unique_named_and_in_the_subscription_band()
    {
        LoggerMessageAttribute[] events =
        [
            .. typeof(SubscriptionLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
                .OfType<LoggerMessageAttribute>(),
        ];

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.InRange(e.EventId, 3000, 3999));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.EventName)));
        Assert.Equal(events.Length, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(events.Length, events.Select(e => e.EventName).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Only_our_own_fault_is_an_error()
    {
        var errors = typeof(SubscriptionLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
            .OfType<LoggerMessageAttribute>()
            .Where(e => e.Level >= LogLevel.Error)
            .Select(e => e.EventName);

        Assert.Equal(["NotifyFailed", "ExpiryFailed"], errors);
    }
}
