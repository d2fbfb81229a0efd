namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>The settings of an agent that challenges SUBSCRIBE and PUBLISH from untrusted peers, with a watcher and a publisher user.</summary>
internal static class DigestSettings
{
    public const string Watcher = "alice";
    public const string WatcherPassword = "c0rrect-horse";
    public const string Publisher = "node";
    public const string PublisherPassword = "battery-stap1e";

    /// <summary>The realm is the first served domain, the default.</summary>
    public const string Realm = AgentUnderTest.Domain;

    public static Dictionary<string, string?> With(params string[] algorithms)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Authentication:Enabled"] = "true",
            ["Authentication:Methods:0"] = "SUBSCRIBE",
            ["Authentication:Methods:1"] = "PUBLISH",
            ["Authentication:Users:0:Name"] = Watcher,
            ["Authentication:Users:0:Password"] = WatcherPassword,
            ["Authentication:Users:1:Name"] = Publisher,
            ["Authentication:Users:1:Password"] = PublisherPassword,
            ["Authentication:Users:1:AddressOfRecord"] = "node1@platform.test",
            ["Publications:Publishers:0:Name"] = "e2e-publisher",
            ["Publications:Publishers:0:Networks:0"] = "127.0.0.1",
            ["Publications:Publishers:0:Networks:1"] = "::1",
        };
        for (var i = 0; i < algorithms.Length; i++)
        {
            settings[$"Authentication:Algorithms:{i}"] = algorithms[i];
        }

        return settings;
    }
}
