using PresenceAgent.Configuration;
using PresenceAgent.Directory;
using PresenceAgent.Sip.Messages;
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
        return ValidatedConfiguration.Load(AgentHost.LoadConfiguration(args), logs);
    }

    private static int Check(string[] args)
    {
        var (config, rules, themes) = Load(args);
        Console.WriteLine($"configuration OK: {config.Services.Count} services, {config.Lists.Count} lists, {rules.Rules.Count} routing rules, " +
            $"{themes.Themes.Count()} themes in {themes.Folder}");
        foreach (var w in rules.Lint())
        {
            Console.WriteLine($"  {w.Severity.ToString().ToLowerInvariant()}: {w.Message}");
        }

        return 0;
    }

    private static int Explain(string alias, string[] args)
    {
        var (config, rules, _) = Load(args);
        var directory = new ContactDirectory(config.Services, rules, DateTimeOffset.UtcNow);
        var normalized = ContactDirectory.NormalizeAlias(alias);
        var parsed = SipUri.TryParse("sip:" + normalized, out var uri);
        if (parsed && new ListDirectory(config.Lists, config.Sip.Domains, directory).Find(uri) is { } list)
        {
            Console.WriteLine($"{alias}: list '{list.Name}' (watchers need Supported: eventlist)");
            foreach (var r in list.Resources)
            {
                Console.WriteLine($"  {r.Uri}: {(r.Contact is { } c ? $"{c.Kind} '{c.DisplayName}'" : "names nothing (noresource)")}");
            }

            return 0;
        }

        var contact = parsed ? directory.Resolve(uri) : null;
        Console.WriteLine(contact switch
        {
            null => $"{alias}: no service and no rule: watchers get 404 (no presence)",
            { Kind: ContactKind.Gateway } => $"{alias}: gateway contact via rule '{contact.RuleName}' -> {contact.Destination}",
            _ => $"{alias}: {contact.Kind} '{contact.DisplayName}'",
        });
        foreach (var t in rules.Explain(normalized).Rules)
        {
            Console.WriteLine($"  {(t.IsWinner ? "*" : " ")} {t.Rule.Name,-24} {(t.Enabled ? "" : "(disabled) ")}{(t.TimedOut ? "timed out" : t.Matched ? "matches -> " + t.Destination : "no match")}");
        }

        return 0;
    }
}
