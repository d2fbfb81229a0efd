using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// The console's pages, scripts and styles, embedded in the assembly (PresenceAgent.csproj embeds
/// <c>Http/AdminConsole/Assets</c>): the agent is one binary, and nothing is built, fetched or looked up on disk at run
/// time. Read once, each with a strong ETag from its bytes so a browser revalidates cheaply and sees a new version
/// after an upgrade.
/// </summary>
internal sealed class ConsoleAssets
{
    /// <summary>The resources' logical-name prefix, as the project file sets it.</summary>
    public const string ResourcePrefix = "AdminConsole/";

    private static readonly FrozenDictionary<string, string> s_contentTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, ConsoleAsset> _byName;

    private ConsoleAssets(FrozenDictionary<string, ConsoleAsset> byName) => _byName = byName;

    /// <summary>The file names, e.g. <c>index.html</c>, <c>console.js</c>.</summary>
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
            var bytes = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";
            assets[name] = new ConsoleAsset(name, contentType, bytes, etag);
        }

        return new ConsoleAssets(assets.ToFrozenDictionary(StringComparer.Ordinal));
    }

    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ConsoleAsset? asset) => _byName.TryGetValue(name, out asset);
}

/// <summary>One embedded file of the console.</summary>
internal sealed record ConsoleAsset(string Name, string ContentType, byte[] Bytes, string ETag);
