using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// The console's pages, scripts and styles, embedded in the assembly (PresenceAgent.csproj embeds
/// <c>Http/AdminConsole/Assets</c>): the agent is one binary, and nothing is built, fetched or looked up on disk at run
/// time. Read once, each with a strong ETag from its bytes so a browser revalidates cheaply and sees a new version
/// after an upgrade. A page is its <c>main</c> element in <c>{page}.html</c>, put into <c>layout.html</c> (head, navigation,
/// sign-in form) when loaded: the page's script is <c>{page}.js</c> and its title the text of its <c>h1</c>.
/// </summary>
internal sealed partial class ConsoleAssets
{
    /// <summary>The resources' logical-name prefix, as the project file sets it.</summary>
    public const string ResourcePrefix = "AdminConsole/";

    private const string LayoutName = "layout.html";

    private static readonly FrozenDictionary<string, string> s_contentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, ConsoleAsset> _byName;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> byName) => _byName = byName;

    /// <summary>The file names, e.g. <c>dashboard.html</c> (a whole page), <c>console.js</c>.</summary>
    public IEnumerable<string> Names => _byName.Keys;

    public static ConsoleAssets Load() => Load(typeof(ConsoleAssets).Assembly);

    internal static ConsoleAssets Load(Assembly assembly)
    {
        var assets = new Dictionary<string, ConsoleAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..];
            var contentType = s_contentTypes.GetValueOrDefault(Path.GetExtension(name))
                ?? throw new InvalidOperationException($"The console asset {name} has no content type; add its extension to ConsoleAssets.");
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            assets[name] = Asset(name, contentType, copy.ToArray());
        }

        if (assets.Remove(LayoutName, out var layout))
        {
            foreach (var page in assets.Values.Where(a => a.Name.EndsWith(".html", StringComparison.Ordinal)).ToList())
            {
                assets[page.Name] = Asset(page.Name, page.ContentType, Compose(layout.Bytes, page));
            }
        }

        return new ConsoleAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static ConsoleAsset Asset(string name, string contentType, byte[] bytes) =>
        new(name, contentType, bytes, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"");

    /// <summary>The layout with the page's name, title and main element in place.</summary>
    private static byte[] Compose(byte[] layout, ConsoleAsset page)
    {
        var main = Encoding.UTF8.GetString(page.Bytes);
        var title = Heading().Match(main) is { Success: true } h ? h.Groups["title"].Value
            : throw new InvalidOperationException($"The console page {page.Name} has no h1 to title it.");
        return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(layout)
            .Replace("{{title}}", title, StringComparison.Ordinal)
            .Replace("{{page}}", Path.GetFileNameWithoutExtension(page.Name), StringComparison.Ordinal)
            .Replace("{{main}}", main, StringComparison.Ordinal));
    }

    [GeneratedRegex("<h1>(?<title>[^<]+)</h1>")]
    private static partial Regex Heading();

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConsoleAsset? asset) => _byName.TryGetValue(name, out asset);
}

/// <summary>One embedded file of the console.</summary>
internal sealed record ConsoleAsset(string Name, string ContentType, byte[] Bytes, string ETag);
