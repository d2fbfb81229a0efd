using System.Text.RegularExpressions;

namespace PresenceAgent.RoutingRules;

/// <summary>
/// Turns an admin's pattern into a regex that matches whole aliases from the network in linear time when it can,
/// and under a timeout when it cannot.
/// </summary>
/// <remarks>
/// Follows learn.microsoft.com "Best practices for regular expressions in .NET": untrusted input goes to
/// <see cref="RegexOptions.NonBacktracking"/>, or to the backtracking engine only with a match timeout.
/// </remarks>
internal static class RuleRegexFactory
{
    private const string AnchorPrefix = @"\A(?:";
    private const string AnchorSuffix = @")\z";

    public static RuleRegex Build(string pattern, bool ignoreCase, TimeSpan matchTimeout)
    {
        // CultureInvariant: the same rule must match the same aliases whatever the host's culture.
        RegexOptions options = RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);

        // Parse the pattern on its own first: once wrapped, an unbalanced ')' in it could pair with the
        // wrapper's '(' and produce a valid regex that means something else.
        try
        {
            _ = new Regex(pattern, options);
        }
        catch (RegexParseException e)
        {
            return Failed($"Match is not a valid regex: {ParseReason(e, pattern)} at offset {e.Offset}");
        }

        // \A and \z, not ^ and $: '$' also matches before a final newline.
        string anchored = AnchorPrefix + pattern + AnchorSuffix;
        try
        {
            try
            {
                // No timeout: the linear-time engine cannot be driven into runaway work.
                var linear = new Regex(anchored, options | RegexOptions.NonBacktracking, Regex.InfiniteMatchTimeout);
                return new RuleRegex(linear, RoutingRuleEngine.NonBacktracking, null, null);
            }
            catch (NotSupportedException e)
            {
                var backtracking = new Regex(anchored, options, matchTimeout);
                return new RuleRegex(backtracking, RoutingRuleEngine.Backtracking, UnsupportedConstruct(e), null);
            }
        }
        catch (RegexParseException e)
        {
            // The pattern parsed alone, so the wrapper broke it: a trailing (?x) comment swallows the ')'.
            return Failed($"Match cannot be anchored to the whole alias: {ParseReason(e, anchored)}; if it ends in a (?x) comment, end the comment with a newline");
        }
    }

    private static RuleRegex Failed(string fault) => new(null, RoutingRuleEngine.NonBacktracking, null, fault);

    // The message reads "Invalid pattern '<pattern>' at offset <n>. <reason>"; keep only the reason, as
    // the caller states the offset itself and the admin already has the pattern.
    private static string ParseReason(RegexParseException e, string pattern)
    {
        string marker = $"'{pattern}' at offset {e.Offset}. ";
        int at = e.Message.IndexOf(marker, StringComparison.Ordinal);
        string reason = at < 0 ? e.Error.ToString() : e.Message[(at + marker.Length)..];
        return reason.TrimEnd('.');
    }

    // The message ends "...containing: '<construct>'."; the construct alone is what the admin can act on.
    private static string UnsupportedConstruct(NotSupportedException e)
    {
        const string Marker = "containing: ";
        int at = e.Message.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? e.Message : e.Message[(at + Marker.Length)..].TrimEnd('.').Trim('\'');
    }
}
