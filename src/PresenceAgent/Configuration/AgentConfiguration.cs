using PresenceAgent.RoutingRules;
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

    /// <summary>Binds the sections; a value of the wrong type becomes an error naming its key, not an exception.</summary>
    public static AgentConfiguration Bind(IConfiguration configuration, List<string> errors)
    {
        T Section<T>(string key, T fallback)
            where T : class
        {
            try
            {
                return configuration.GetSection(key).Get<T>(o => o.ErrorOnUnknownConfiguration = false) ?? fallback;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
            {
                errors.Add($"{key}: {(ex.InnerException ?? ex).Message}");
                return fallback;
            }
        }

        return new AgentConfiguration
        {
            Sip = Section("Sip", new SipSection()),
            Services = Section("Services", new List<ServiceSection>()),
            Rules = Section("RoutingRules:Rules", new List<RoutingRule>()),
            RuleOptions = Section("RoutingRules", new RoutingRuleOptions()),
            Themes = Section("Themes", new ThemeOptions()),
            Subscriptions = Section("Subscriptions", new SubscriptionSection()),
            Http = Section("Http", new HttpSection()),
        };
    }
}
