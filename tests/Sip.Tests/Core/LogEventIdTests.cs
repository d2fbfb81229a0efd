using System.Reflection;
using Microsoft.Extensions.Logging;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Sip.Tests.Core;

public sealed class LogEventIdTests
{
    private static readonly List<(string Type, LoggerMessageAttribute Attribute)> s_events =
        typeof(SipStack).Assembly.GetTypes()
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
    [InlineData("TransportLog", 1000, 1499)]
    [InlineData("LocatingLog", 1000, 1499)]
    [InlineData("CoreLog", 1500, 1999)]
    [InlineData("TransactionLog", 2000, 2999)]
    public void Event_ids_stay_in_their_band(string type, int low, int high)
    {
        var ids = s_events.Where(e => e.Type == type).Select(e => e.Attribute.EventId).ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, low, high));
    }
}
