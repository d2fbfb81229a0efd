using System.Buffers;
using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace PresenceAgent.Access;

/// <summary>
/// One mapping compiled (the section's, or a service's): its lists by address and domain, its patterns, its default.
/// Each answer names the configuration key that gave it, which the subscribe log line quotes.
/// </summary>
internal sealed class AccessMapping
{
    private static readonly SearchValues<char> s_notInEntry = SearchValues.Create(" \t\r\n<>\"',;:");

    private readonly FrozenDictionary<string, AccessDecision> _listed;
    private readonly FrozenDictionary<string, string> _blocked;
    private readonly (Regex Match, AccessDecision Decision)[] _patterns;

    private AccessMapping(FrozenDictionary<string, AccessDecision> listed, FrozenDictionary<string, string> blocked,
        (Regex, AccessDecision)[] patterns, AccessDecision? @default)
    {
        _listed = listed;
        _blocked = blocked;
        _patterns = patterns;
        Default = @default;
    }

    /// <summary>The mapping's default level and its key; null when a service leaves it to the section.</summary>
    public AccessDecision? Default { get; }

    /// <summary>A pattern as it runs: the whole address, ignoring case, on the linear-time engine.</summary>
    public static Regex Compile(string pattern) =>
        new($"^(?:{pattern})$", RegexOptions.NonBacktracking | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary><c>user@host</c> or <c>host</c>: no blanks, brackets, quotes or separators, at most one @ with text on both sides.</summary>
    public static bool IsEntry(string? entry)
    {
        var e = entry?.Trim();
        if (string.IsNullOrEmpty(e) || e.AsSpan().ContainsAny(s_notInEntry))
        {
            return false;
        }

        var at = e.IndexOf('@', StringComparison.Ordinal);
        return at < 0 || (at > 0 && at == e.LastIndexOf('@') && at < e.Length - 1);
    }

    /// <summary>Compiles a validated mapping at <paramref name="key"/>; an entry or pattern validation refused is left out.</summary>
    public static AccessMapping Create(AccessMappingOptions options, string key)
    {
        var listed = new Dictionary<string, AccessDecision>(StringComparer.OrdinalIgnoreCase);

        // Most trusted first: an address in two lists gets the better level.
        foreach (var (entries, level, name) in new[]
        {
            (options.Personal, AccessLevel.Personal, "Personal"),
            (options.Team, AccessLevel.Team, "Team"),
            (options.Company, AccessLevel.Company, "Company"),
        })
        {
            for (var i = 0; i < entries.Count; i++)
            {
                if (IsEntry(entries[i]))
                {
                    listed.TryAdd(entries[i].Trim(), new AccessDecision(level, $"{key}:{name}:{i}"));
                }
            }
        }

        var blocked = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Blocked.Count; i++)
        {
            if (IsEntry(options.Blocked[i]))
            {
                blocked.TryAdd(options.Blocked[i].Trim(), $"{key}:Blocked:{i}");
            }
        }

        var patterns = new List<(Regex, AccessDecision)>();
        for (var i = 0; i < options.Patterns.Count; i++)
        {
            var p = options.Patterns[i];
            if (AccessLevels.TryParse(p.Level, out var level) && TryCompile(p.Match) is { } regex)
            {
                patterns.Add((regex, new AccessDecision(level, $"{key}:Patterns:{i}")));
            }
        }

        var @default = AccessLevels.TryParse(options.Default, out var d) ? new AccessDecision(d, $"{key}:Default") : (AccessDecision?)null;
        return new AccessMapping(listed.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), blocked.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase),
            [.. patterns], @default);
    }

    /// <summary>The key of the block list entry or Blocked pattern that names <paramref name="address"/>, or null.</summary>
    public string? BlockedBy(string address, string domain)
    {
        if (_blocked.TryGetValue(address, out var rule) || (domain.Length > 0 && _blocked.TryGetValue(domain, out rule)))
        {
            return rule;
        }

        foreach (var (match, decision) in _patterns)
        {
            if (decision.Level == AccessLevel.Blocked && match.IsMatch(address))
            {
                return decision.Rule;
            }
        }

        return null;
    }

    /// <summary>The level a list gives the address (or its domain), else the first matching pattern's; null when neither names it.</summary>
    public AccessDecision? Find(string address, string domain)
    {
        if (_listed.TryGetValue(address, out var listed) || (domain.Length > 0 && _listed.TryGetValue(domain, out listed)))
        {
            return listed;
        }

        foreach (var (match, decision) in _patterns)
        {
            // Blocked patterns were tried first (BlockedBy).
            if (decision.Level != AccessLevel.Blocked && match.IsMatch(address))
            {
                return decision;
            }
        }

        return null;
    }

    /// <summary>Whether a list names <paramref name="domain"/> itself at Company or better: a partner domain.</summary>
    public bool ListsDomain(string domain) =>
        domain.Length > 0 && _listed.TryGetValue(domain, out var d) && d.Level >= AccessLevel.Company;

    private static Regex? TryCompile(string pattern)
    {
        try
        {
            return string.IsNullOrWhiteSpace(pattern) ? null : Compile(pattern);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

/// <summary>A watcher's level and the configuration key that gave it (<c>AccessLevels:Team:0</c>, <c>Sip:Domains</c>…).</summary>
internal readonly record struct AccessDecision(AccessLevel Level, string Rule);
