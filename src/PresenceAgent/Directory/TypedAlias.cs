using System.Diagnostics.CodeAnalysis;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Directory;

/// <summary>
/// An alias as an admin types it (the explain command, the HTTP APIs) into the URI a SUBSCRIBE would carry: a bare
/// <c>user</c> is taken in the first of Sip:Domains, <c>user@host</c> as it is, and a <c>sip:</c> or <c>sips:</c> URI
/// without its scheme; escapes are undone as configured aliases' are.
/// </summary>
internal static class TypedAlias
{
    /// <param name="typed">What was typed.</param>
    /// <param name="domains">Sip:Domains.</param>
    /// <param name="uri">The <c>sip:user@host</c> it names.</param>
    /// <param name="assumedDomain">The domain a bare user was taken in; null when the host was typed.</param>
    /// <returns>False when it is not <c>user</c> or <c>user@host</c> (no port, parameters or headers).</returns>
    public static bool TryParse(string typed, IReadOnlyList<string> domains, [NotNullWhen(true)] out SipUri? uri, out string? assumedDomain)
    {
        var alias = ContactDirectory.NormalizeAlias(typed);
        assumedDomain = null;
        if (!alias.Contains('@', StringComparison.Ordinal) && domains.Count > 0)
        {
            assumedDomain = domains[0];
            alias = $"{alias}@{assumedDomain}";
        }

        if (SipUri.TryParse("sip:" + alias, out var parsed) && parsed.User is not null && parsed.Port is null &&
            parsed.Parameters.Count == 0 && parsed.Headers is null)
        {
            uri = parsed;
            return true;
        }

        uri = null;
        return false;
    }
}
