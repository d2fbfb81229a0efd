using System.Reflection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Themes;

namespace PresenceAgent.Tests.Themes;

public sealed class ThemeLogTests
{
    [Fact]
    public void Event_ids_are_unique_named_and_in_the_avatar_band()
    {
        LoggerMessageAttribute[] events =
        [
            .. typeof(ThemeLog).GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Select(m => m.GetCustomAttribute<LoggerMessageAttribute>())
                .OfType<LoggerMessageAttribute>(),
        ];

        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.InRange(e.EventId, 5100, 5199));
        Assert.All(events, e => Assert.False(string.IsNullOrEmpty(e.EventName)));
        Assert.Equal(events.Length, events.Select(e => e.EventId).Distinct().Count());
        Assert.Equal(events.Length, events.Select(e => e.EventName).Distinct(StringComparer.Ordinal).Count());
    }
}
