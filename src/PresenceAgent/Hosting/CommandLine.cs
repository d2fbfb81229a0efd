using PresenceAgent.Configuration;
using PresenceAgent.Diagnostics;
using PresenceAgent.Http;
using PresenceAgent.Subscriptions;
using Serilog;
using Serilog.Extensions.Logging;

namespace PresenceAgent.Hosting;

/// <summary>
/// <c>PresenceAgent [--Key=value…]</c> runs the agent; <c>check</c> validates the configuration and lints the rules;
/// <c>explain ALIAS</c> shows what each rule does with an alias. Exit codes: 0 fine, 2 the configuration or the
/// environment refused start (logged as one message, no stack trace), 64 usage, 70 a fault of the agent's own.
/// </summary>
internal static class CommandLine
{
    /// <summary>The console format until the Serilog section is read, and for faults that stop start.</summary>
    private const string BootstrapTemplate = "{Timestamp:HH:mm:ss.fff} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static async Task<int> RunAsync(string[] args)
    {
        InlineSocketCompletions();
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var rest = verb == "run" && (args.Length == 0 || args[0].StartsWith('-')) ? args : args[1..];
        switch (verb)
        {
            case "run":
                return await RunAgentAsync(rest).ConfigureAwait(false);
            case "check":
                return Report(() => Check(rest));
            case "explain" when rest.Length > 0:
                return Report(() => Explain(rest[0], rest[1..]));
            default:
                await Console.Error.WriteLineAsync("usage: PresenceAgent [run] [--Section:Key=value…] | check | explain ALIAS").ConfigureAwait(false);
                return 64;
        }
    }

    /// <summary>
    /// Runs until SIGINT or SIGTERM. A bootstrap logger (console) reports start-up until the host reconfigures it from
    /// the Serilog section; faults that stop start are logged through it as one event each.
    /// </summary>
    private static async Task<int> RunAgentAsync(string[] args)
    {
        Log.Logger = new LoggerConfiguration()
            .WriteTo.Console(outputTemplate: BootstrapTemplate, standardErrorFromLevel: Serilog.Events.LogEventLevel.Error)
            .CreateBootstrapLogger();
        using var logs = new SerilogLoggerFactory(Log.Logger);
        var logger = logs.CreateLogger(typeof(CommandLine).FullName!);
        try
        {
            await using var app = AgentHost.Build(args);
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                // Kestrel could not bind an Http:Urls address.
                throw new StartupFaultException($"HTTP cannot listen: {ex.Message}", ex);
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
        catch (ConfigurationErrorsException ex)
        {
            HostingLog.ConfigurationRefused(logger, ex.Errors.Count, string.Concat(ex.Errors.Select(e => Environment.NewLine + "  - " + e)));
            return 2;
        }
        catch (StartupFaultException ex)
        {
            HostingLog.StartFailed(logger, ex.Message);
            return 2;
        }
        catch (Exception ex)
        {
            HostingLog.UnexpectedFault(logger, ex);
            return 70;
        }
        finally
        {
            await Log.CloseAndFlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Runs a report command; configuration faults go to standard error, one per line, with exit code 2.</summary>
    private static int Report(Func<int> command)
    {
        try
        {
            return command();
        }
        catch (ConfigurationErrorsException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static ValidatedConfiguration Load(string[] args)
    {
        using var logs = new SerilogLoggerFactory(new LoggerConfiguration()
            .MinimumLevel.Warning()
            .WriteTo.Console(outputTemplate: "  warning: {Message:lj}{NewLine}", standardErrorFromLevel: Serilog.Events.LogEventLevel.Warning)
            .CreateLogger(), dispose: true);
        return ValidatedConfiguration.Load(ConfigurationOrigin.WorkingDirectory(args).Load(), logs);
    }

    private static int Check(string[] args)
    {
        var (config, rules, themes, states) = Load(args);
        Console.WriteLine($"configuration OK: {config.Services.Count} services, {config.Lists.Count} lists, {rules.Rules.Count} routing rules, " +
            $"{themes.Themes.Count()} themes in {themes.Folder}, {states.States.Count()} presence states in {states.Languages.All.Count} languages");
        foreach (var w in rules.Lint())
        {
            Console.WriteLine($"  {w.Severity.ToString().ToLowerInvariant()}: {w.Message}");
        }

        return 0;
    }

    /// <summary>The same answer as <c>GET /admin/rules/explain</c>, with avatar links as Http:PublicBaseUrl (or the first Http:Urls) makes them.</summary>
    private static int Explain(string alias, string[] args)
    {
        var loaded = Load(args);
        var (config, _, themes, _) = loaded;
        var snapshot = loaded.Snapshot(config.Sip.Domains, DateTimeOffset.UtcNow);
        var publicBase = PublicBaseUrl.For(config.Http, config.Sip, boundAddress: null);
        var explainer = new AliasExplainer(
            snapshot.Contacts,
            snapshot.Lists,
            new PresenceBodies(theme => AvatarUrls.LinkFor(themes, publicBase, theme), () => snapshot),
            config.Sip.Domains,
            config.Sip.Host);
        var explanation = explainer.Explain(alias);
        AliasExplanationText.Write(Console.Out, explanation);
        return explanation.Answer == AliasAnswer.NotAnAlias ? 64 : 0;
    }

    /// <summary>
    /// Socket completions run on the runtime's socket thread rather than hopping to the thread pool. The SIP stack's
    /// stream readers parse and answer without blocking (their handlers must not block, UDP's already run on their
    /// receive threads), and per TCP or TLS connection the hops cost more than the work: with SIPp opening a connection
    /// per call, the agent's CPU per call fell from 188 to 109 µs (bench/RESULTS.md, issue 13). The runtime reads the
    /// variable once, before the first socket: so it is set here, first thing, unless the operator set it (0 turns it off).
    /// </summary>
    private static void InlineSocketCompletions()
    {
        const string Name = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
        if (Environment.GetEnvironmentVariable(Name) is null)
        {
            Environment.SetEnvironmentVariable(Name, "1");
        }
    }
}
