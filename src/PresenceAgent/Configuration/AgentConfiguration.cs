using System.Reflection;
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

    /// <summary>Binds the sections; a value of the wrong type becomes an error naming its key, not an exception.</summary>
    public static AgentConfiguration Bind(IConfiguration configuration, List<string> errors)
    {
        T? Get<T>(string key)
            where T : class
        {
            try
            {
                return configuration.GetSection(key).Get<T>(o => o.ErrorOnUnknownConfiguration = false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or TargetInvocationException)
            {
                errors.Add(Describe(key, ex));
                return null;
            }
        }

        // The binder skips a list element it cannot bind without a word, so a typo in one listener's Port or one
        // service's Kind would silently drop that listener or service. When elements went missing, bind each one on
        // its own: the ones that fail are reported by their own key.
        void CheckElements<T>(string key, int bound)
            where T : class
        {
            var elements = configuration.GetSection(key).GetChildren().ToList();
            if (elements.Count != bound)
            {
                foreach (var element in elements)
                {
                    Get<T>(element.Path);
                }
            }
        }

        var config = new AgentConfiguration
        {
            Sip = Get<SipSection>("Sip") ?? new SipSection(),
            Services = Get<List<ServiceSection>>("Services") ?? [],
            Rules = Get<List<RoutingRule>>("RoutingRules:Rules") ?? [],
            RuleOptions = Get<RoutingRuleOptions>("RoutingRules") ?? new RoutingRuleOptions(),
            Themes = Get<ThemeOptions>("Themes") ?? new ThemeOptions(),
            Subscriptions = Get<SubscriptionSection>("Subscriptions") ?? new SubscriptionSection(),
            Http = Get<HttpSection>("Http") ?? new HttpSection(),
        };
        CheckElements<SipListenerOptions>("Sip:Listeners", config.Sip.Listeners.Count);
        CheckElements<ServiceSection>("Services", config.Services.Count);
        CheckElements<RoutingRule>("RoutingRules:Rules", config.Rules.Count);
        return config;
    }

    /// <summary>
    /// The binder's own message names the full key ("... at 'Sip:Listeners:0:Port' to type 'System.Int32'"), its inner
    /// exception what was wrong with the value; a setter that refuses a value arrives wrapped by reflection.
    /// </summary>
    private static string Describe(string key, Exception ex)
    {
        var message = ex switch
        {
            TargetInvocationException { InnerException: { } refused } => refused.Message,
            { InnerException: { } inner } => $"{ex.Message} {inner.Message}",
            _ => ex.Message,
        };

        // One line per error in the list the admin reads (ArgumentOutOfRangeException adds "Actual value was …").
        return $"{key}: {message.ReplaceLineEndings(" ")}";
    }
}
