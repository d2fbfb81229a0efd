using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// <summary>The configuration as <see cref="ConfigurationLayers"/> layers it, with <paramref name="overrides"/> last (tests).</summary>
    public static IConfiguration LoadConfiguration(string[] args, IDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder();
        ConfigurationLayers.AddTo(builder, args, overrides);
        return builder.Build();
    }

    /// <param name="args">Command-line configuration (<c>--Section:Key=value</c>).</param>
    /// <param name="overrides">Settings applied last (tests use ephemeral ports here).</param>
    /// <param name="customize">Last-word changes to the builder (tests add log capture here).</param>
    public static WebApplication Build(string[] args, IDictionary<string, string?>? overrides = null,
        Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        // Our layers are checked on their own (the host builder adds keys of its own, contentRoot and the like) and then
        // handed to the host.
        var layers = LoadConfiguration(args, overrides);
        builder.Configuration.AddConfiguration(layers);

        // Start-up logs (the theme load report) go through the static logger: the command line's bootstrap logger,
        // which AddSerilog below reconfigures in place from the Serilog section.
        using var startupLogs = new SerilogLoggerFactory(Log.Logger);
        var loaded = ValidatedConfiguration.Load(layers, startupLogs);
        var (config, rules, themes, states) = loaded;
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
        services.AddSingleton(rules);
        services.AddSingleton<PeerLogSampler>(sp => new PeerLogSampler(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new ContactDirectory(config.Services, rules, sp.GetRequiredService<TimeProvider>().GetUtcNow(),
            sp.GetRequiredService<ILogger<ContactDirectory>>(), sp.GetRequiredService<PeerLogSampler>(), states));
        services.AddSingleton(sp => new ListDirectory(config.Lists, config.Sip.Domains, sp.GetRequiredService<ContactDirectory>()));
        services.AddSingleton(themes);
        services.AddSingleton(states);
        services.AddSingleton(states.Languages);
        services.AddSingleton(sp => new LivePresence(states, TimeSpan.FromSeconds(config.Presence.GraceSeconds),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LivePresence>>()));
        services.AddSingleton(sp => new AliasLookup(sp.GetRequiredService<ContactDirectory>(), sp.GetRequiredService<ListDirectory>(),
            config.Sip.Domains, config.Sip.Host));
        services.AddSingleton<ApiAccess>();
        // The API document's schemas come from the host's JSON options: they read as the API does.
        services.ConfigureHttpJsonOptions(json => ApiJson.Configure(json.SerializerOptions));
        services.AddApiDocument();
        services.AddSingleton(sp => new OccupancyTracker(sp.GetRequiredService<LivePresence>(), loaded.Occupancy));
        services.AddSingleton<IConferenceServices>(sp => new ConferenceServices(sp.GetRequiredService<ContactDirectory>(), config.Sip.Domains, config.Sip.Host));
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
            return new PresenceBodies(theme => AvatarUrls.LinkFor(themes, publicBase.Get(), theme), states.Languages, sp.GetRequiredService<LivePresence>(),
                avatarRevision: () => themes.Revision);
        });
        services.AddSingleton(sp => new AliasExplainer(sp.GetRequiredService<ContactDirectory>(), sp.GetRequiredService<ListDirectory>(),
            sp.GetRequiredService<PresenceBodies>(), config.Sip.Domains, config.Sip.Host));
        services.AddSingleton<SubscriptionTable>();
        // The dashboard's reload status: an agent without configuration reload says so. The reload feature registers its
        // own IReloadStatus, which wins whether it is added before this or after it.
        services.TryAddSingleton<IReloadStatus>(new NoReloadStatus(TimeProvider.System.GetUtcNow()));
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
        services.AddSingleton(config.Publications);
        services.AddSingleton(new Publishers(config.Publications.Publishers));
        services.AddSingleton(new PidfMapping(states, config.Publications.MaxNoteLength));
        services.AddSingleton<PublicationStore>();
        services.AddSingleton<PublishHandler>();
        services.AddSingleton<ISipRequestHandler>(sp => sp.GetRequiredService<PublishHandler>());
        services.AddHostedService<SipAgentService>();
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
