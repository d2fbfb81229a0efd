using System.Text.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace PresenceAgent.Configuration;

/// <summary>
/// Configuration layers, lowest first: the defaults embedded in the binary, <c>appsettings.json</c> in the working
/// directory (optional), <c>PRESENCEAGENT_</c> environment variables, then the command line (<c>--Sip:Host=…</c>), then
/// the caller's overrides (tests). Layers merge key by key, so arrays merge by index; but a file that sets one of
/// <see cref="s_wholeGroups"/> replaces the defaults' group whole.
/// </summary>
internal static class ConfigurationLayers
{
    private const string EmbeddedDefaults = "PresenceAgent.appsettings.json";

    private const string FileName = "appsettings.json";

    /// <summary>
    /// What a deployment names for itself, each group replaced whole by a file that sets any of it. Merged by index, a
    /// file's one listener would keep the sample's second socket open, and its one service would inherit the sample's
    /// description and theme. The sample services, lists and rules are one example dial plan (the lists name the
    /// services), so they go together. A file's languages and custom statuses are its own lists too: merged by index, one
    /// language would leave the sample's others behind it.
    /// </summary>
    private static readonly string[][] s_wholeGroups =
        [["Sip:Listeners"], ["Sip:Domains"], ["Services", "Lists", "RoutingRules:Rules"], ["Presence:Languages"], ["Presence:CustomStatuses"]];

    /// <summary>The configuration file read from <paramref name="folder"/> (the working directory, unless a test names another).</summary>
    public static string FileIn(string folder) => Path.Combine(folder, FileName);

    /// <summary>
    /// The layers, with <c>appsettings.json</c> from <paramref name="folder"/>; throws <see cref="ConfigurationErrorsException"/>
    /// naming the file when it is not JSON.
    /// </summary>
    public static void AddTo(IConfigurationBuilder builder, string[] args, IDictionary<string, string?>? overrides, string folder)
    {
        var file = FileIn(folder);
        var replaced = File.Exists(file) ? ListsSetBy(file) : [];
        builder.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults(replaced) });
        builder.Add(new MemoryConfigurationSource { InitialData = File.Exists(file) ? Read(file) : [] });
        builder.AddEnvironmentVariables("PRESENCEAGENT_");
        builder.AddCommandLine(args);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }
    }

    /// <summary>The embedded defaults, less the lists the file replaces.</summary>
    private static Dictionary<string, string?> Defaults(List<string> replaced)
    {
        using var stream = typeof(ConfigurationLayers).Assembly.GetManifestResourceStream(EmbeddedDefaults)
            ?? throw new InvalidOperationException($"embedded resource {EmbeddedDefaults} is missing from the build");
        return new ConfigurationBuilder().AddJsonStream(stream).Build().AsEnumerable()
            .Where(kv => kv.Value is not null && !replaced.Any(list => kv.Key.StartsWith(list + ":", StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The file read now, so a fault in it (a duplicate key) is reported here, naming the file.</summary>
    private static Dictionary<string, string?> Read(string file)
    {
        try
        {
            return new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: false).Build().AsEnumerable()
                .Where(kv => kv.Value is not null)
                .ToDictionary(StringComparer.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            throw new ConfigurationErrorsException($"{file}: {(ex.InnerException ?? ex).Message}");
        }
    }

    /// <summary>The keys of the groups the file sets any of (keys ignore case, as configuration does).</summary>
    private static List<string> ListsSetBy(string file)
    {
        JsonDocument document;
        try
        {
            // As lenient as the JSON configuration provider that reads the same file next.
            document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationErrorsException($"{file}: cannot be read as JSON: {ex.Message}");
        }

        using (document)
        {
            return [.. s_wholeGroups.Where(group => group.Any(key => Find(document.RootElement, key.Split(':')) is not null)).SelectMany(group => group)];
        }
    }

    private static JsonElement? Find(JsonElement element, string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var found = element.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).LastOrDefault();
            if (found is not { } next)
            {
                return null;
            }

            element = next;
        }

        return element;
    }
}
