using System.Collections.Frozen;

namespace PresenceAgent.Presence;

/// <summary>
/// Microsoft locale ids ([MS-LCID]) of the languages Lync and Skype for Business clients ship in. Our own table: the
/// agent runs with invariant globalization, and a state map must mean the same on every host.
/// </summary>
internal static class Lcids
{
    private static readonly PresenceLanguage[] s_known =
    [
        new("en-US", 1033), new("en-GB", 2057), new("en-AU", 3081), new("en-CA", 4105), new("en-IE", 6153), new("en-IN", 16393),
        new("de-DE", 1031), new("de-AT", 3079), new("de-CH", 2055),
        new("fr-FR", 1036), new("fr-BE", 2060), new("fr-CA", 3084), new("fr-CH", 4108),
        new("es-ES", 3082), new("es-MX", 2058),
        new("it-IT", 1040), new("it-CH", 2064), new("nl-NL", 1043), new("nl-BE", 2067), new("pt-BR", 1046), new("pt-PT", 2070),
        new("da-DK", 1030), new("sv-SE", 1053), new("nb-NO", 1044), new("fi-FI", 1035), new("et-EE", 1061), new("lv-LV", 1062),
        new("lt-LT", 1063), new("pl-PL", 1045), new("cs-CZ", 1029), new("sk-SK", 1051), new("sl-SI", 1060), new("hr-HR", 1050),
        new("hu-HU", 1038), new("ro-RO", 1048), new("bg-BG", 1026), new("el-GR", 1032), new("ru-RU", 1049), new("uk-UA", 1058),
        new("tr-TR", 1055), new("he-IL", 1037), new("ar-SA", 1025), new("hi-IN", 1081), new("th-TH", 1054), new("vi-VN", 1066),
        new("ja-JP", 1041), new("ko-KR", 1042), new("zh-CN", 2052), new("zh-TW", 1028), new("ca-ES", 1027),
    ];

    private static readonly FrozenDictionary<string, PresenceLanguage> s_byTag = s_known.ToFrozenDictionary(l => l.Tag, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<int, PresenceLanguage> s_byLcid = s_known.ToFrozenDictionary(l => l.Lcid);

    /// <summary>The language of a tag such as <c>de-DE</c> (any case), written as the table spells it.</summary>
    public static bool TryGetByTag(string tag, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PresenceLanguage? language) =>
        s_byTag.TryGetValue(tag, out language);

    public static bool TryGetByLcid(int lcid, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PresenceLanguage? language) =>
        s_byLcid.TryGetValue(lcid, out language);

    /// <summary>The known tags, for a message that names what is accepted.</summary>
    public static string KnownTags => string.Join(", ", s_known.Select(l => l.Tag));

    /// <summary>The known ids with their tags (<c>1033 en-US</c>), for a message that names what is accepted.</summary>
    public static string KnownLcids => string.Join(", ", s_known.Select(l => $"{l.Lcid} {l.Tag}"));
}
