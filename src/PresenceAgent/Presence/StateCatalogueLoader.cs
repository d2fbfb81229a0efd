namespace PresenceAgent.Presence;

/// <summary>
/// Builds the state catalogue from the <c>Presence</c> section: the languages, the state map file and the custom
/// statuses, every fault reported with its key so an admin fixes them in one pass.
/// </summary>
internal static class StateCatalogueLoader
{
    private const string Section = PresenceOptions.SectionName;

    /// <summary>A day: a source gone longer is gone, and its last state is no news to anyone.</summary>
    private const int MaxGraceSeconds = 86_400;

    /// <summary>Ids go into configuration, logs and (later) URLs and JSON; 64 is far beyond any readable name.</summary>
    private const int MaxIdLength = 64;

    private static readonly System.Buffers.SearchValues<char> s_idCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.");

    /// <summary>The catalogue, or null when <paramref name="errors"/> got a fault.</summary>
    public static StateCatalogue? Load(PresenceOptions options, List<string> errors)
    {
        var before = errors.Count;
        if (options.GraceSeconds is < 0 or > MaxGraceSeconds)
        {
            errors.Add($"{Section}:GraceSeconds: {options.GraceSeconds} is outside 0-{MaxGraceSeconds} (seconds a contact whose source went away shows Offline).");
        }

        var languages = Languages(options.Languages, errors);
        IReadOnlyList<PresenceState> map = [];
        if (!string.IsNullOrWhiteSpace(options.StateMapFile))
        {
            try
            {
                map = StateMapReader.Read(options.StateMapFile);
            }
            catch (StateMapException ex)
            {
                errors.Add($"{Section}:StateMapFile: {ex.Message}");
            }
        }

        var custom = CustomStatuses(options.CustomStatuses, map, errors);
        return errors.Count > before || languages is null ? null : new StateCatalogue(languages, [.. BuiltInStates.All, .. map, .. custom]);
    }

    private static PresenceLanguages? Languages(List<string> tags, List<string> errors)
    {
        if (tags.Count == 0)
        {
            errors.Add($"{Section}:Languages: empty; list the languages activity text is offered in, the default first (en-US, de-DE, …).");
            return null;
        }

        var languages = new List<PresenceLanguage>();
        for (var i = 0; i < tags.Count; i++)
        {
            if (!Lcids.TryGetByTag(tags[i].Trim(), out var language))
            {
                errors.Add($"{Section}:Languages:{i}: '{tags[i]}' is not a language with a Microsoft locale id; one of {Lcids.KnownTags}.");
            }
            else if (languages.Contains(language))
            {
                errors.Add($"{Section}:Languages:{i}: '{tags[i]}' is listed twice.");
            }
            else
            {
                languages.Add(language);
            }
        }

        return languages.Count == tags.Count ? new PresenceLanguages(languages) : null;
    }

    private static List<PresenceState> CustomStatuses(List<CustomStatusOptions> statuses, IReadOnlyList<PresenceState> map, List<string> errors)
    {
        var states = new List<PresenceState>();
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < statuses.Count; i++)
        {
            var key = $"{Section}:CustomStatuses:{i}";
            var status = statuses[i];
            var before = errors.Count;
            var id = status.Id.Trim();
            if (id.Length == 0)
            {
                errors.Add($"{key}:Id: empty; it is what DefaultStatus and the presence sources name the status by.");
            }
            else if (id.Length > MaxIdLength || id.AsSpan().ContainsAnyExcept(s_idCharacters))
            {
                errors.Add($"{key}:Id: '{id}' is not an id: letters, digits, '-', '_' and '.', at most {MaxIdLength}.");
            }
            else if (string.Equals(id, Live.ManualOverride.InvisibleId, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:Id: '{id}' names the invisible override (Offline to watchers while the room keeps working); choose another id.");
            }
            else if (BuiltInStates.All.Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{key}:Id: '{id}' is a built-in state; choose another id (the state map file redefines built-in states).");
            }
            else if (map.Any(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase)))
            {
                errors.Add($"{key}:Id: '{id}' is also defined in {Section}:StateMapFile; an id names one state.");
            }
            else if (!seen.TryAdd(id, i))
            {
                errors.Add($"{key}:Id: '{id}' is also the id of {Section}:CustomStatuses:{seen[id]}.");
            }

            if (!BaseStatusNames.TryParse(status.Base.Trim(), out var baseStatus))
            {
                errors.Add($"{key}:Base: '{status.Base}' is not a base status; one of {BaseStatusNames.List}.");
            }

            var texts = Texts(status.Texts, $"{key}:Texts", errors);
            if (errors.Count == before)
            {
                states.Add(new PresenceState(id, baseStatus, Availability.Of(baseStatus), [.. texts], StatusMeaning.Of(baseStatus)));
            }
        }

        return states;
    }

    private static List<StateText> Texts(Dictionary<string, string> texts, string key, List<string> errors)
    {
        if (texts.Count == 0)
        {
            errors.Add($"{key}: empty; give the status's text in at least one language, such as \"en-US\": \"Closed for maintenance\".");
        }

        var result = new List<StateText>();
        foreach (var (tag, text) in texts)
        {
            if (!Lcids.TryGetByTag(tag, out var language))
            {
                errors.Add($"{key}:{tag}: '{tag}' is not a language with a Microsoft locale id; one of {Lcids.KnownTags}.");
            }
            else if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add($"{key}:{tag}: empty; watchers would see no text.");
            }
            else
            {
                result.Add(new StateText(language, text.Trim()));
            }
        }

        return result;
    }
}
