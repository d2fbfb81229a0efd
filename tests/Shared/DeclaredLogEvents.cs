using System.Reflection;
using Microsoft.Extensions.Logging;

namespace PresenceAgent.Testing;

/// <summary>
/// The <c>[LoggerMessage]</c> events an assembly declares, with the checks every project makes of them: event ids and
/// names reach dashboards and alerts, so each is declared once, in its area's band.
/// </summary>
internal static class DeclaredLogEvents
{
    public static List<(string Type, LoggerMessageAttribute Attribute)> Of(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .Select(m => (t.Name, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>())))
            .Where(x => x.Attribute is not null)
            .Select(x => (x.Name, x.Attribute!))];

    public static void VerifyUnique(Assembly assembly)
    {
        var events = Of(assembly);
        Assert.NotEmpty(events);
        Assert.Empty(events.GroupBy(e => e.Attribute.EventId).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(events.GroupBy(e => e.Attribute.EventName).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    public static void VerifyInBand(Assembly assembly, string type, int low, int high)
    {
        var ids = Of(assembly).Where(e => e.Type == type).Select(e => e.Attribute.EventId).ToList();
        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.InRange(id, low, high));
    }
}
