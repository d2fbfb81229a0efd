namespace PresenceAgent.Access;

/// <summary>Checks the access level mappings, each fault naming its key: level and attribute names, list entries, patterns.</summary>
internal static class AccessLevelOptionsValidator
{
    public static void Validate(AccessLevelOptions options, List<string> errors)
    {
        const string Key = AccessLevelOptions.SectionName;
        ValidateMapping(options, Key, errors);
        foreach (var (name, level) in options.Attributes)
        {
            if (!AttributeLevels.TryParse(name, out _))
            {
                errors.Add($"{Key}:Attributes:{name}: no such attribute; use {string.Join(", ", AttributeLevels.Defaults.Keys)}.");
            }
            else if (!AccessLevels.TryParse(level, out var minimum))
            {
                errors.Add($"{Key}:Attributes:{name}: '{level}' is no level; use {AccessLevels.List}.");
            }
            else if (minimum == AccessLevel.Blocked)
            {
                errors.Add($"{Key}:Attributes:{name}: Blocked watchers see nothing (polite blocking); use Personal, Team, Company or Public.");
            }
        }
    }

    /// <summary>A mapping at <paramref name="key"/>: the section's, or a service's <c>Services:N:AccessLevels</c>.</summary>
    public static void ValidateMapping(AccessMappingOptions mapping, string key, List<string> errors)
    {
        if (mapping.Default is { } level && !AccessLevels.TryParse(level, out _))
        {
            errors.Add($"{key}:Default: '{level}' is no level; use {AccessLevels.List}.");
        }

        ValidateList(mapping.Personal, $"{key}:Personal", errors);
        ValidateList(mapping.Team, $"{key}:Team", errors);
        ValidateList(mapping.Company, $"{key}:Company", errors);
        ValidateList(mapping.Blocked, $"{key}:Blocked", errors);
        for (var i = 0; i < mapping.Patterns.Count; i++)
        {
            var pattern = mapping.Patterns[i];
            if (!AccessLevels.TryParse(pattern.Level, out _))
            {
                errors.Add($"{key}:Patterns:{i}:Level: '{pattern.Level}' is no level; use {AccessLevels.List}.");
            }

            if (string.IsNullOrWhiteSpace(pattern.Match))
            {
                errors.Add($"{key}:Patterns:{i}:Match: empty; write a regular expression over user@host.");
                continue;
            }

            try
            {
                _ = AccessMapping.Compile(pattern.Match);
            }
            catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
            {
                // NonBacktracking refuses backreferences and lookarounds: those could take time a watcher chooses.
                errors.Add($"{key}:Patterns:{i}:Match: '{pattern.Match}' is not a linear-time regular expression: {ex.Message.ReplaceLineEndings(" ")}");
            }
        }
    }

    private static void ValidateList(List<string> entries, string key, List<string> errors)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            if (!AccessMapping.IsEntry(entries[i]))
            {
                errors.Add($"{key}:{i}: '{entries[i]}' is neither an address (user@host) nor a domain (host).");
            }
        }
    }
}
