using Microsoft.Extensions.Configuration;
using PresenceAgent.Configuration;

namespace PresenceAgent.Tests.Configuration;

/// <summary>
/// A small configuration that passes every check, and edits to break it one key at a time: <c>Key=value</c> sets a
/// value, a bare <c>Key</c> removes the key and everything under it (how a list is emptied).
/// </summary>
internal static class TestConfiguration
{
    public static IReadOnlyDictionary<string, string?> Valid { get; } = new Dictionary<string, string?>
    {
        ["Sip:Listeners:0:Protocol"] = "Udp",
        ["Sip:Listeners:0:Address"] = "127.0.0.1",
        ["Sip:Listeners:0:Port"] = "5060",
        ["Sip:Listeners:1:Protocol"] = "Tcp",
        ["Sip:Listeners:1:Address"] = "::1",
        ["Sip:Listeners:1:Port"] = "5060",
        ["Sip:Domains:0"] = "vc.example.com",
        ["Sip:Domains:1"] = "127.0.0.1",
        ["Sip:Host"] = "presence.example.com",
        ["Services:0:Name"] = "Alice's Meeting Room",
        ["Services:0:Kind"] = "Vmr",
        ["Services:0:Aliases:0"] = "meet.alice",
        ["Services:0:Aliases:1"] = "sip:meet.alice@vc.example.com",
        ["Services:0:Theme"] = "boardroom",
        ["Services:0:Homepage"] = "https://vc.example.com/meet.alice",
        ["Services:1:Name"] = "Town Hall",
        ["Services:1:Kind"] = "Auditorium",
        ["Services:1:Aliases:0"] = "townhall",
        ["RoutingRules:Rules:0:Name"] = "pstn-gateway",
        ["RoutingRules:Rules:0:Match"] = @"\+?([0-9]{6,15})@vc\.example\.com",
        ["RoutingRules:Rules:0:Replace"] = @"\1@pstn.example.com",
        ["Subscriptions:DefaultExpires"] = "3600",
        ["Subscriptions:MinExpires"] = "60",
        ["Subscriptions:MaxExpires"] = "3600",
        ["Http:Urls"] = "http://127.0.0.1:8088",
        ["Http:PublicBaseUrl"] = "https://presence.example.com/",
        ["Presence:Languages:0"] = "en-US",
        ["Presence:Languages:1"] = "de-DE",
    };

    public static IConfiguration Build(params string[] edits)
    {
        var values = new Dictionary<string, string?>(Valid, StringComparer.OrdinalIgnoreCase);
        foreach (var edit in edits)
        {
            var eq = edit.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                values[edit[..eq]] = edit[(eq + 1)..];
                continue;
            }

            foreach (var key in values.Keys.Where(k => k.Equals(edit, StringComparison.OrdinalIgnoreCase) ||
                k.StartsWith(edit + ":", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                values.Remove(key);
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    /// <summary>What the agent would run on, loaded as start loads it (theme warnings go nowhere).</summary>
    public static ValidatedConfiguration Load(IConfiguration configuration) =>
        ValidatedConfiguration.Load(configuration, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance);

    /// <summary>Every fault the agent would refuse to start with after <paramref name="edits"/>, as one admin would see them.</summary>
    public static IReadOnlyList<string> Errors(params string[] edits)
    {
        try
        {
            Load(Build(edits));
            return [];
        }
        catch (ConfigurationErrorsException ex)
        {
            return ex.Errors;
        }
    }
}
