using System.Reflection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Hosting;

namespace PresenceAgent.Tests;

/// <summary>Event ids and names reach dashboards and alerts: each is declared once, in its area's band.</summary>
public sealed class LogEventIdTests
{
    private static readonly List<(string Type, LoggerMessageAttribute Attribute)> s_events =
        typeof(AgentHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(m => (t.Name, m.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(x => x.Item2 is not null)
            .Select(x => (x.Name, x.Item2!))
            .ToList();

    [Fact]
    public void Event_ids_and_names_are_unique()
    {
        Assert.NotEmpty(s_events);
        Assert.Empty(s_events.GroupBy(e => e.Attribute.EventId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(s_events.GroupBy(e => e.Attribute.EventName).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Theory]
    [InlineData("SubscriptionLog", 3000, 3999)]
    [InlineData("ContactLog", 4000, 4999)]
    [InlineData("ThemeLog", 5000, 5999)]
    [InlineData("HttpLog", 5000, 5999)]
    [InlineData("HostingLog", 6000, 6099)]
    public void Event_ids_stay_in_their_band(string type, int low, int high)
    {
        var ids = s_events.Where(e => e.Type == type).Select(e => e.Attribute.EventId).ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, low, high));
    }
}
