using PresenceAgent.Configuration;
using PresenceAgent.Directory;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Hosting;

/// <summary>
/// <c>PresenceAgent [--Key=value…]</c> runs the agent; <c>check</c> validates the configuration and lints the rules;
/// <c>explain ALIAS</c> shows what each rule does with an alias. Exit codes: 0 fine, 2 configuration errors.
/// </summary>
internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "run";
        var rest = verb == "run" && (args.Length == 0 || args[0].StartsWith('-')) ? args : args[1..];
        try
        {
            switch (verb)
            {
                case "run":
                    await using (var app = AgentHost.Build(rest))
                    {
                        await app.RunAsync().ConfigureAwait(false);
                    }

                    return 0;
                case "check":
                    return Check(rest);
                case "explain" when rest.Length > 0:
                    return Explain(rest[0], rest[1..]);
                default:
                    await Console.Error.WriteLineAsync("usage: PresenceAgent [run] [--Section:Key=value…] | check | explain ALIAS").ConfigureAwait(false);
                    return 64;
            }
        }
        catch (ConfigurationErrorsException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static int Check(string[] args)
    {
        var config = AgentHost.BindAndValidate(AgentHost.LoadConfiguration(args), out var rules);
        Console.WriteLine($"configuration OK: {config.Services.Count} services, {config.Lists.Count} lists, {rules.Rules.Count} routing rules");
        foreach (var w in rules.Lint())
        {
            Console.WriteLine($"  {w.Severity.ToString().ToLowerInvariant()}: {w.Message}");
        }

        return 0;
    }

    private static int Explain(string alias, string[] args)
    {
        var config = AgentHost.BindAndValidate(AgentHost.LoadConfiguration(args), out var rules);
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
