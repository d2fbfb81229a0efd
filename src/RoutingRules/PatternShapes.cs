using System.Text.RegularExpressions;

namespace PresenceAgent.RoutingRules;

/// <summary>Recognises, from its text, the shapes of admin patterns the linter comments on.</summary>
/// <remarks>These run on configuration, not on peer input, and only at lint time.</remarks>
internal static partial class PatternShapes
{
    /// <summary>
    /// Any character, repeated: <c>.*</c>, <c>.+</c>, <c>(.*)</c>, <c>(?:.+?)</c>, <c>^.*$</c>, <c>[\s\S]*</c>, <c>.{0,}</c>.
    /// </summary>
    [GeneratedRegex(@"\A\^?(?:\((?:\?:|\?<\w+>)?)?(?:\.|\[\\s\\S\]|\[\\S\\s\])(?:\*|\+|\{[01],\})\??\)?\$?\z", RegexOptions.CultureInvariant)]
    public static partial Regex AnyCharacterRepeated();

    /// <summary>A trailing <c>$</c> that is not escaped (preceded by an even number of backslashes).</summary>
    [GeneratedRegex(@"(?:\A|[^\\])(?:\\\\)*\$\z", RegexOptions.CultureInvariant)]
    public static partial Regex TrailingDollar();

    public static bool HasLeadingCaret(string pattern) => pattern.StartsWith('^');

    public static bool HasTrailingDollar(string pattern) => TrailingDollar().IsMatch(pattern);

    /// <summary>The pattern without anchors that whole-alias matching makes redundant, for comparing rules.</summary>
    public static string WithoutRedundantAnchors(string pattern)
    {
        int start = HasLeadingCaret(pattern) ? 1 : 0;
        int end = HasTrailingDollar(pattern) ? pattern.Length - 1 : pattern.Length;
        return end > start ? pattern[start..end] : string.Empty;
    }
}
