using System.Reflection;
using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Logging;
using PresenceAgent.Presence;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.RoutingRules;
using PresenceAgent.Themes;
using Serilog;

namespace PresenceAgent.Configuration;

/// <summary>
/// What the agent runs on, bound and checked whole: the sections, the compiled routing rules, the loaded themes, the
/// presence states and the occupancy rule that maps onto them.
/// <c>run</c>, <c>check</c> and <c>explain</c> all come through <see cref="Load"/>, so they refuse the same faults.
/// </summary>
internal sealed record ValidatedConfiguration(AgentConfiguration Config, RoutingRuleSet Rules, ThemeStore Themes, StateCatalogue States)
{
    /// <summary>From occupancy to the states of <see cref="States"/>, per kind of service.</summary>
    public required OccupancyRule Occupancy { get; init; }

    /// <summary>Throws <see cref="ConfigurationErrorsException"/> with every fault, each naming its key.</summary>
    /// <param name="configuration">The layered configuration (see AgentHost).</param>
    /// <param name="loggerFactory">Receives the theme load report (a theme whose avatar is unusable is a warning).</param>
    /// <param name="themesInUse">
    /// A reload's: the themes the agent serves. While the Themes section is what they were loaded with, they are taken as
    /// they are (decoding every avatar again would change nothing: the themes watcher keeps them current), and each
    /// service's theme is checked against them.
    /// </param>
    public static ValidatedConfiguration Load(IConfiguration configuration, ILoggerFactory loggerFactory, ThemeStore? themesInUse = null)
    {
        var errors = new List<string>();
        var config = AgentConfiguration.Bind(configuration, errors);
        ConfigurationValidator.Validate(config, errors);
        var states = StateCatalogueLoader.Load(config.Presence, errors);
        OccupancyRule? occupancy = null;
        if (states is not null)
        {
            ConfigurationValidator.ValidateDefaultStatuses(config.Services, states, errors);
            occupancy = OccupancyRule.Create(config.Presence.Occupancy, states, errors);
        }

        var result = RoutingRuleSet.Create(config.Rules, config.RuleOptions);
        foreach (var e in result.Errors)
        {
            errors.Add($"RoutingRules:Rules:{e.Position}{(e.Property is { } p ? ":" + p : "")}: {e.Message}");
        }

        if (result.RuleSet is { } compiled)
        {
            ConfigurationValidator.ValidateListMembers(config, new ContactDirectory(config.Services, compiled, DateTimeOffset.UnixEpoch, states: states), errors);
        }

        ValidateSerilog(configuration, errors);
        var themes = LoadThemes(config, loggerFactory, themesInUse, errors);
        if (errors.Count > 0)
        {
            throw new ConfigurationErrorsException(errors);
        }

        return new ValidatedConfiguration(config, result.RuleSet!, themes!, states!) { Occupancy = occupancy! };
    }

    /// <summary>
    /// The part that applies without a restart, resolved for the running agent. With <paramref name="previous"/> (a
    /// reload), what did not change is taken over: the compiled rules while their definitions and options are the same
    /// (so their counts go on), the states while they read the same, and each unchanged service as the same object.
    /// <paramref name="domains"/> are the running agent's (SIP's settings apply only at start); <paramref name="now"/> is
    /// the timestamp of what is new.
    /// </summary>
    public ConfigurationSnapshot Snapshot(IReadOnlyList<string> domains, DateTimeOffset now, ConfigurationSnapshot? previous = null,
        ILogger<ContactDirectory>? logger = null, PeerLogSampler? sampler = null)
    {
        var rules = previous is not null && SameRules(previous.Rules) ? previous.Rules : Rules;
        var states = previous is not null && previous.States.ShowsSameAs(States) ? previous.States : States;
        var contacts = new ContactDirectory(Config.Services, rules, now, logger, sampler, states, previous?.Contacts);
        return new ConfigurationSnapshot
        {
            Contacts = contacts,
            Lists = new ListDirectory(Config.Lists, domains, contacts),
            States = states,
            Occupancy = Occupancy,
            Access = AccessPolicy.Create(Config.AccessLevels, domains,
                Config.Services.Select((s, i) => (ContactDirectory.KeyOf(s), $"Services:{i}:AccessLevels", s.AccessLevels))
                    .Where(m => m.AccessLevels is not null).Select(m => (m.Item1, m.Item2, m.AccessLevels!))),
            Grace = TimeSpan.FromSeconds(Config.Presence.GraceSeconds),
        };
    }

    private bool SameRules(RoutingRuleSet running) =>
        running.MatchTimeout == Config.RuleOptions.MatchTimeout && running.MaxAliasLength == Config.RuleOptions.MaxAliasLength &&
        running.Rules.OrderBy(r => r.Position).Select(r => r.Definition).SequenceEqual(Config.Rules);

    /// <summary>
    /// The Serilog section builds a logger (a sink or level that does not exist throws); the trial logger is disposed
    /// at once, so a file sink only creates its file.
    /// </summary>
    private static void ValidateSerilog(IConfiguration configuration, List<string> errors)
    {
        try
        {
            new LoggerConfiguration().ReadFrom.Configuration(configuration).CreateLogger().Dispose();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException or TargetInvocationException)
        {
            errors.Add($"Serilog: {ex.GetBaseException().Message.ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>
    /// The themes folder must exist and its default theme must have a usable avatar (every other theme falls back to
    /// it); each service's Theme must name a folder there, or a typo would silently show the default picture.
    /// </summary>
    private static ThemeStore? LoadThemes(AgentConfiguration config, ILoggerFactory loggerFactory, ThemeStore? themesInUse, List<string> errors)
    {
        var before = errors.Count;
        ThemeOptionsValidator.Validate(config.Themes, errors);
        if (errors.Count > before)
        {
            return null;
        }

        var store = themesInUse is not null && themesInUse.Options == config.Themes ? themesInUse : OpenThemes(config.Themes, loggerFactory, errors);
        if (store is null)
        {
            return null;
        }

        for (var i = 0; i < config.Services.Count; i++)
        {
            if (config.Services[i].Theme is { } theme && ThemeName.IsValid(theme) && !store.Folders.Contains(theme))
            {
                errors.Add($"Services:{i}:Theme: '{theme}' names no folder in {store.Folder} (themes there: {string.Join(", ", store.Folders.Order(StringComparer.OrdinalIgnoreCase))}).");
            }
        }

        return store;
    }

    private static ThemeStore? OpenThemes(ThemeOptions options, ILoggerFactory loggerFactory, List<string> errors)
    {
        var folder = options.ResolveFolder();
        if (!System.IO.Directory.Exists(folder))
        {
            errors.Add($"Themes:Folder: '{folder}' does not exist; create it with a '{options.DefaultTheme}' theme, or point Themes:Folder at the themes.");
            return null;
        }

        try
        {
            return new ThemeStore(options, loggerFactory.CreateLogger<ThemeStore>());
        }
        catch (ThemeStoreException ex)
        {
            errors.Add($"Themes:DefaultTheme: {ex.Message}");
            return null;
        }
    }
}
