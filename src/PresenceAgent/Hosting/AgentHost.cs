using System.Diagnostics.Metrics;
using PresenceAgent.Authentication;
using PresenceAgent.Configuration;
using PresenceAgent.Diagnostics;
using PresenceAgent.Directory;
using PresenceAgent.Http;
using PresenceAgent.Http.AdminConsole;
using PresenceAgent.Logging;
using PresenceAgent.Presence.Live;
using PresenceAgent.Presence.Occupancy;
using PresenceAgent.Presence.Occupancy.EventSink;
using PresenceAgent.Publications;
using PresenceAgent.Reload;
using PresenceAgent.Sip.Core;
using PresenceAgent.Subscriptions;
using PresenceAgent.Telemetry;
using PresenceAgent.Themes;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Hosting;
using Serilog.Extensions.Logging;

namespace PresenceAgent.Hosting;

/// <summary>Builds the agent: configuration, logging, the SIP side and the HTTP side.</summary>
internal static class AgentHost
{
    /// <param name="args">Command-line configuration (<c>--Section:Key=value</c>).</param>
    /// <param name="overrides">Settings applied last (tests use ephemeral ports here).</param>
    /// <param name="customize">Last-word changes to the builder (tests add log capture here).</param>
    /// <param name="configurationFolder">Where <c>appsettings.json</c> is read and watched; the working directory when null (tests name their own).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null,
        Action<WebApplicationBuilder>? customize = null, string? configurationFolder = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Our layers are checked on their own (the host builder adds keys of its own, contentRoot and the like) and then
        // handed to the host.
        var origin = configurationFolder is null ? ConfigurationOrigin.WorkingDirectory(args, overrides) : new ConfigurationOrigin(args, overrides, configurationFolder);
        var layers = origin.Load();
        var started = LiveSections.Values(layers);
        builder.Configuration.AddConfiguration(layers);

        // Start-up logs (the theme load report) go through the static logger: the command line's bootstrap logger,
        // which AddSerilog below reconfigures in place from the Serilog section.
        using var startupLogs = new SerilogLoggerFactory(Log.Logger);
        var loaded = ValidatedConfiguration.Load(layers, startupLogs);
        var (config, _, themes, states) = loaded;
        AddLogging(builder);

        builder.WebHost.UseKestrelCore().UseUrls(config.Http.Urls);
        if (config.Http.UsesHttps)
        {
            // Avatars over HTTPS present the SIP TLS certificate, reloaded with it: Lync clients fetch contact photos
            // over HTTPS only, from the same FQDN the Front End pool trusts for SIP.
            builder.WebHost.UseKestrelHttpsConfiguration().ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
                https.ServerCertificateSelector = (_, _) => kestrel.ApplicationServices.GetRequiredService<SipStack>().TlsCertificate?.TargetCertificate));
        }

        builder.Services.AddRoutingCore();

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<PrometheusExport>();
        services.AddSingleton<Readiness>();
        services.AddSingleton(sp => new NotifyMetrics(AgentMeter.From(sp.GetRequiredService<IMeterFactory>())));
        services.AddSingleton(config.Sip);
        services.AddSingleton(config.Http);
        services.AddSingleton(config.Subscriptions);
        services.AddSingleton<PeerLogSampler>(sp => new PeerLogSampler(sp.GetRequiredService<TimeProvider>()));

        // The services, lists, rules and states in force: one holder, swapped whole by a configuration reload.
        services.AddSingleton(sp => new RunningConfiguration(loaded.Snapshot(config.Sip.Domains, sp.GetRequiredService<TimeProvider>().GetUtcNow(),
            logger: sp.GetRequiredService<ILogger<ContactDirectory>>(), sampler: sp.GetRequiredService<PeerLogSampler>())));

        // Per request, what is in force as it begins, for the endpoints that take these: a request sees one configuration.
        services.AddScoped(sp => sp.GetRequiredService<RunningConfiguration>().Current.Contacts);
        services.AddScoped(sp => sp.GetRequiredService<RunningConfiguration>().Current.Rules);
        services.AddScoped(sp => sp.GetRequiredService<RunningConfiguration>().Current.States);
        services.AddScoped(sp =>
        {
            var current = sp.GetRequiredService<RunningConfiguration>().Current;
            return new AliasLookup(current.Contacts, current.Lists, config.Sip.Domains, config.Sip.Host);
        });
        services.AddScoped(sp =>
        {
            var current = sp.GetRequiredService<RunningConfiguration>().Current;
            return new AliasExplainer(current.Contacts, current.Lists, sp.GetRequiredService<PresenceBodies>(), config.Sip.Domains, config.Sip.Host);
        });
        services.AddSingleton(themes);
        services.AddSingleton(sp => new LivePresence(states, TimeSpan.FromSeconds(config.Presence.GraceSeconds),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LivePresence>>()));
        services.AddSingleton<ApiAccess>();
        // The API document's schemas come from the host's JSON options: they read as the API does.
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddApiDocument();
        services.AddSingleton(sp => new OccupancyTracker(sp.GetRequiredService<LivePresence>(), loaded.Occupancy));
        services.AddSingleton<IConferenceServices>(sp => new ConferenceServices(sp.GetRequiredService<RunningConfiguration>(), config.Sip.Domains, config.Sip.Host));
        services.AddSingleton(config.EventSink);
        services.AddSingleton<EventSinkCounters>();
        services.AddSingleton<EventSinkQueue>();
        services.AddSingleton<EventSinkNodes>();
        services.AddHostedService<EventSinkWorker>();
        services.AddSingleton<PublicBaseUrl>();
        services.AddSingleton<ForcedCollections>();
        services.AddSingleton(sp =>
        {
            var publicBase = sp.GetRequiredService<PublicBaseUrl>();
            var running = sp.GetRequiredService<RunningConfiguration>();
            return new PresenceBodies(theme => AvatarUrls.LinkFor(themes, publicBase.Get(), theme), () => running.Current,
                sp.GetRequiredService<LivePresence>(), avatarRevision: () => themes.Revision, time: sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<SubscriptionTable>();
        // The stack first, then what sends through it, then its handlers: SipAgentService starts it with them.
        services.AddSingleton(sp => new SipStack(config.Sip, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<IRequestSender, StackRequestSender>();
        services.AddSingleton(sp => new RequestAuthentication(config.Authentication, config.Sip, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<Notifier>();
        services.AddSingleton<SubscribeHandler>();
        services.AddSingleton<ISipRequestHandler>(sp => sp.GetRequiredService<SubscribeHandler>());
        services.AddSingleton<PresenceFanOut>();
        services.AddHostedService(sp => sp.GetRequiredService<PresenceFanOut>());
        // Avatars live: the refresh listens before the watcher first looks, so no change goes unannounced.
        services.AddHostedService<ThemeRefresh>();
        services.AddHostedService<ThemeWatcher>();
        services.AddHostedService<OutOfOfficeRefresh>();
        services.AddSingleton(config.Publications);
        services.AddSingleton(new Publishers(config.Publications.Publishers));
        services.AddSingleton(sp =>
        {
            var running = sp.GetRequiredService<RunningConfiguration>();
            return new PidfMapping(() => running.Current.States, config.Publications.MaxNoteLength);
        });
        services.AddSingleton<PublicationStore>();
        services.AddSingleton<PublishHandler>();
        services.AddSingleton<ISipRequestHandler>(sp => sp.GetRequiredService<PublishHandler>());
        services.AddHostedService<SipAgentService>();

        // Configuration reloads: a saved file, SIGHUP, or POST /admin/reload.
        services.AddSingleton(sp => new ReloadReports(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton<IReloadStatus, ConsoleReloadStatus>();
        services.AddSingleton<DialPlanSwitch>();
        services.AddSingleton(sp => new ConfigurationReloader(origin, started, config.Presence.StateMapFile, config.Sip, themes,
            sp.GetRequiredService<RunningConfiguration>(), sp.GetRequiredService<DialPlanSwitch>(), sp.GetRequiredService<ReloadReports>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<PeerLogSampler>()));
        services.AddSingleton<IConfigurationReloader>(sp => sp.GetRequiredService<ConfigurationReloader>());
        services.AddHostedService<ConfigurationWatcher>();
        services.AddHostedService<ReloadOnSignal>();
        if (config.Http.AvatarSelfCheck)
        {
            services.AddHostedService<AvatarSelfCheck>();
        }
        customize?.Invoke(builder);

        var app = builder.Build();
        AgentInstruments.Publish(app.Services);
        // Before the API's access check, which knows only Http:ApiToken: the event sink has credentials of its own.
        app.UseEventSink();
        app.UseApi();
        app.UseAdminSecurityHeaders();
        app.UseRouting();
        app.MapAvatarEndpoints();
        app.MapStatusEndpoints();
        app.MapAdminEndpoints();
        app.MapReloadEndpoints();
        app.MapAdminConsole();
        app.MapMetricsEndpoint();
        app.MapApiDocument();
        app.MapPresenceApi().MapPresenceEndpoints().MapOccupancyEndpoints();
        return app;
    }

    /// <summary>
    /// Serilog from the <c>Serilog</c> section (checked with the rest of the configuration). The command line's
    /// bootstrap logger is reconfigured in place (and flushed by it on exit); any other caller (tests) keeps its static
    /// logger. Events also reach logging providers added to the builder.
    /// </summary>
    private static void AddLogging(WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog(
            (_, serilog) => serilog.ReadFrom.Configuration(builder.Configuration).Filter.ByExcluding(IsHostStartFailure),
            preserveStaticLogger: Log.Logger is not ReloadableLogger,
            writeToProviders: true);
    }

    /// <summary>
    /// The generic host logs a failed start with the exception's stack trace; the command line reports the same fault
    /// as one sentence (StartFailed, UnexpectedFault with the trace when it is ours), so the host's copy is dropped.
    /// </summary>
    private static bool IsHostStartFailure(LogEvent e) =>
        e.MessageTemplate.Text == "Hosting failed to start" &&
        e.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source) &&
        source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" };
}
