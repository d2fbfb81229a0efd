using System.Reflection;
using PresenceAgent.Access;
using PresenceAgent.Authentication;
using PresenceAgent.Directory;
using PresenceAgent.Http;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Publications;
using PresenceAgent.RoutingRules;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;
using PresenceAgent.Themes;

namespace PresenceAgent.Configuration;

/// <summary>Every section of the agent's configuration, bound once at start.</summary>
internal sealed class AgentConfiguration
{
    public required SipStackOptions Sip { get; init; }

    public required List<ServiceOptions> Services { get; init; }

    public required List<ListOptions> Lists { get; init; }

    public required List<RoutingRule> Rules { get; init; }

    public required RoutingRuleOptions RuleOptions { get; init; }

    public required ThemeOptions Themes { get; init; }

    public required SubscriptionOptions Subscriptions { get; init; }

    public required HttpOptions Http { get; init; }

    public required PresenceOptions Presence { get; init; }

    public required PublicationOptions Publications { get; init; }
    public required EventSinkOptions EventSink { get; init; }

    public required AuthenticationOptions Authentication { get; init; }

    public required AccessLevelOptions AccessLevels { get; init; }

    /// <summary>The top-level sections; anything else is a typo (<c>Servies</c>) that would otherwise be ignored.</summary>
    private static readonly HashSet<string> s_sections = new(StringComparer.OrdinalIgnoreCase)
    {
        SipStackOptions.SectionName, "Services", "Lists", "RoutingRules", ThemeOptions.SectionName, "Subscriptions", "Http", PresenceOptions.SectionName,
        PublicationOptions.SectionName, EventSinkOptions.SectionName, AuthenticationOptions.SectionName, AccessLevelOptions.SectionName,
        "Serilog", "$schema",
    };

    /// <summary>Our product and version in the Server header unless <c>Sip:ServerHeader</c> says otherwise (empty: none).</summary>
    private static readonly string DefaultServerHeader = "PresenceAgent/" + typeof(AgentConfiguration).Assembly.GetName().Version?.ToString(3);

    /// <summary>
    /// Binds the sections. A value of the wrong type, or a key no setting has (a typo), becomes an error naming its
    /// key. Lists are bound item by item because the binder silently drops an item that fails to convert; an item
    /// that fails is left out, so only its own error is reported.
    /// </summary>
    public static AgentConfiguration Bind(IConfiguration configuration, List<string> errors)
    {
        T? Section<T>(IConfigurationSection section)
            where T : class
        {
            ReportUnknownKeys(section, typeof(T), errors);
            try
            {
                return section.Get<T>();
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or TargetInvocationException)
            {
                errors.Add(Describe(ex is TargetInvocationException ? RefusedKey(section, typeof(T)) : section.Path, ex));
                return null;
            }
        }

        List<T> List<T>(string key)
            where T : class =>
            [.. configuration.GetSection(key).GetChildren().Select(Section<T>).OfType<T>()];

        // A service's phones are a list inside a list item: bound again item by item, so a bad phone type is reported
        // with its key instead of the phone silently vanishing from the card.
        ServiceOptions? Service(IConfigurationSection section)
        {
            var service = Section<ServiceOptions>(section);
            if (service is not null)
            {
                var phones = section.GetSection(nameof(ServiceOptions.Phones)).GetChildren().Select(Section<PhoneOptions>).OfType<PhoneOptions>().ToList();
                service.Phones.Clear();
                service.Phones.AddRange(phones);
            }

            return service;
        }

        foreach (var root in configuration.GetChildren().Where(c => !s_sections.Contains(c.Key)))
        {
            errors.Add($"{root.Path}: no such section (the sections are {string.Join(", ", s_sections.Where(k => k != "$schema"))}).");
        }

        // The Sip section binds straight onto the stack's options; its listeners item by item, as above, and so the
        // custom statuses of the Presence section and the publishers, whose keys are then checked too.
        var sip = Section<SipStackOptions>(configuration.GetSection(SipStackOptions.SectionName)) ?? new SipStackOptions();
        return new AgentConfiguration
        {
            Sip = sip with
            {
                Listeners = List<SipListenerOptions>($"{SipStackOptions.SectionName}:Listeners"),
                ServerHeader = configuration[$"{SipStackOptions.SectionName}:ServerHeader"] ?? DefaultServerHeader,
            },
            Services = [.. configuration.GetSection("Services").GetChildren().Select(Service).OfType<ServiceOptions>()],
            Lists = List<ListOptions>("Lists"),
            Rules = List<RoutingRule>("RoutingRules:Rules"),
            RuleOptions = Section<RoutingRuleOptions>(configuration.GetSection("RoutingRules")) ?? new RoutingRuleOptions(),
            Themes = Section<ThemeOptions>(configuration.GetSection("Themes")) ?? new ThemeOptions(),
            Subscriptions = Section<SubscriptionOptions>(configuration.GetSection("Subscriptions")) ?? new SubscriptionOptions(),
            Http = Section<HttpOptions>(configuration.GetSection("Http")) ?? new HttpOptions(),
            Presence = (Section<PresenceOptions>(configuration.GetSection(PresenceOptions.SectionName)) ?? new PresenceOptions()) with
            {
                CustomStatuses = List<CustomStatusOptions>($"{PresenceOptions.SectionName}:CustomStatuses"),
            },
            Publications = (Section<PublicationOptions>(configuration.GetSection(PublicationOptions.SectionName)) ?? new PublicationOptions()) with
            {
                Publishers = List<PublisherOptions>($"{PublicationOptions.SectionName}:Publishers"),
            },
            EventSink = Section<EventSinkOptions>(configuration.GetSection(EventSinkOptions.SectionName)) ?? new EventSinkOptions(),
            Authentication = (Section<AuthenticationOptions>(configuration.GetSection(AuthenticationOptions.SectionName)) ?? new AuthenticationOptions()) with
            {
                Users = List<AuthenticationUserOptions>($"{AuthenticationOptions.SectionName}:Users"),
            },
            AccessLevels = Section<AccessLevelOptions>(configuration.GetSection(AccessLevelOptions.SectionName)) ?? new AccessLevelOptions(),
        };
    }

    /// <summary>A key that names no setting is a typo (<c>Sip:Listners</c>): say so rather than ignore it.</summary>
    private static void ReportUnknownKeys(IConfigurationSection section, Type type, List<string> errors)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                // The rules list shares its section with the rule options.
                if (!(type == typeof(RoutingRuleOptions) && child.Key.Equals("Rules", StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add($"{child.Path}: no such setting (check the spelling against the README's configuration table).");
                }

                continue;
            }

            var t = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (t.IsClass && t != typeof(string) && !t.IsGenericType && child.GetChildren().Any())
            {
                ReportUnknownKeys(child, t, errors);
            }
        }
    }

    /// <summary>
    /// The key whose value a setter refused: reflection's exception names neither, so each child is set alone on a fresh
    /// instance until one throws. Falls back to the section's own key.
    /// </summary>
    private static string RefusedKey(IConfigurationSection section, Type type)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            try
            {
                if (property?.SetMethod is { IsPublic: true } && Activator.CreateInstance(type) is { } fresh)
                {
                    property.SetValue(fresh, child.Get(property.PropertyType));
                }
            }
            catch (Exception ex) when (ex is TargetInvocationException or InvalidOperationException)
            {
                return child.Path;
            }
        }

        return section.Path;
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
