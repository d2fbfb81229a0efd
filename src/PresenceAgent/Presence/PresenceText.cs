namespace PresenceAgent.Presence;

/// <summary>Argument checks shared by the presence types: URIs and language tags.</summary>
internal static class PresenceText
{
    /// <summary>RFC 3863 §4.1.1 names pres:; SIP deployments use the sip:/sips: AoR.</summary>
    public static readonly string[] EntitySchemes = ["sip", "sips", "pres"];

    /// <summary>
    /// A bare URI: a scheme, a colon, and no spaces, controls, quotes or angle brackets, so it can
    /// never be a name-addr such as <c>"Room" &lt;sip:room@x&gt;</c> (pjsip #135 saw exactly that).
    /// </summary>
    public static string RequireBareUri(string value, string paramName, string[]? schemes)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        int colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == value.Length - 1)
        {
            throw new ArgumentException($"'{Shorten(value)}' is not a URI (scheme:rest).", paramName);
        }

        ReadOnlySpan<char> scheme = value.AsSpan(0, colon);
        if (!IsScheme(scheme) || (schemes is not null && !Contains(schemes, scheme)))
        {
            throw new ArgumentException($"'{Shorten(value)}' does not use an accepted scheme.", paramName);
        }

        foreach (char c in value)
        {
            if (c <= ' ' || c >= '\u007f' || c is '<' or '>' or '"')
            {
                throw new ArgumentException($"'{Shorten(value)}' must be a bare URI without spaces, quotes or brackets.", paramName);
            }
        }

        return value;
    }

    /// <summary>An absolute http or https URL, or null.</summary>
    public static Uri? RequireWebUrlOrNull(Uri? value, string paramName)
    {
        if (value is null)
        {
            return null;
        }

        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttp && value.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{Shorten(value.OriginalString)}' must be an absolute http(s) URL.", paramName);
        }

        return value;
    }

    /// <summary>
    /// The shape of an RFC 5646 tag (alpha 1–8, then "-" alphanumeric 1–8 subtags), enough for
    /// xml:lang to be a valid xs:language; whether the subtags are registered is not our concern.
    /// </summary>
    public static string RequireLanguageTag(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (!IsLanguageTag(value))
        {
            throw new ArgumentException($"'{Shorten(value)}' is not a language tag such as 'en' or 'de-CH'.", paramName);
        }

        return value;
    }

    public static bool IsLanguageTag(ReadOnlySpan<char> value)
    {
        int subtag = 0;
        int length = 0;
        foreach (char c in value)
        {
            if (c == '-')
            {
                if (length == 0)
                {
                    return false;
                }

                subtag++;
                length = 0;
                continue;
            }

            bool ok = subtag == 0 ? char.IsAsciiLetter(c) : char.IsAsciiLetterOrDigit(c);
            if (!ok || ++length > 8)
            {
                return false;
            }
        }

        return length > 0;
    }

    // RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (!char.IsAsciiLetter(scheme[0]))
        {
            return false;
        }

        foreach (char c in scheme)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(string[] schemes, ReadOnlySpan<char> scheme)
    {
        foreach (string s in schemes)
        {
            if (scheme.Equals(s, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : string.Concat(value.AsSpan(0, 64), "…");
}
