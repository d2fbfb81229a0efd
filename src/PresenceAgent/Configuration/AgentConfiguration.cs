using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Themes;

namespace PresenceAgent.Configuration;

/// <summary>Every section of the agent's configuration, bound once at start.</summary>
internal sealed class AgentConfiguration
{
    public required SipSection Sip { get; init; }

    public required List<ServiceSection> Services { get; init; }

    public required List<RoutingRule> Rules { get; init; }

    public required RoutingRuleOptions RuleOptions { get; init; }

    public required ThemeOptions Themes { get; init; }

    public required SubscriptionSection Subscriptions { get; init; }

    public required HttpSection Http { get; init; }

    /// <summary>
    /// Binds the sections. A value of the wrong type, or a key no section has (a typo), becomes an error naming its
    /// key. Lists are bound item by item because the binder silently drops an item that fails to convert.
    /// </summary>
    public static AgentConfiguration Bind(IConfiguration configuration, List<string> errors)
    {
        T Section<T>(IConfigurationSection section, T fallback, bool strict = true)
            where T : class
        {
            try
            {
                return section.Get<T>(o => o.ErrorOnUnknownConfiguration = strict) ?? fallback;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                errors.Add($"{section.Path}: {(ex.InnerException ?? ex).Message}");

                // An unknown key is reported above; still bind what is there, so later checks see the real values.
                return strict ? Section(section, fallback, strict: false) : fallback;
            }
        }

        List<T> List<T>(string key)
            where T : class, new() =>
            [.. configuration.GetSection(key).GetChildren().Select(child => Section(child, new T()))];

        var sip = configuration.GetSection("Sip");
        var sipSection = Section(sip, new SipSection());
        return new AgentConfiguration
        {
            Sip = new SipSection
            {
                Listeners = List<SipListenerOptions>("Sip:Listeners"),
                Domains = sipSection.Domains,
                Host = sipSection.Host,
                MessageTrace = sipSection.MessageTrace,
                Limits = sipSection.Limits,
            },
            Services = List<ServiceSection>("Services"),
            Rules = List<RoutingRule>("RoutingRules:Rules"),

            // The Rules list lives in the same section, so unknown keys are not errors here.
            RuleOptions = Section(configuration.GetSection("RoutingRules"), new RoutingRuleOptions(), strict: false),
            Themes = Section(configuration.GetSection("Themes"), new ThemeOptions()),
            Subscriptions = Section(configuration.GetSection("Subscriptions"), new SubscriptionSection()),
            Http = Section(configuration.GetSection("Http"), new HttpSection()),
        };
    }
}
