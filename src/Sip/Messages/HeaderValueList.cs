namespace PresenceAgent.Sip.Messages;

/// <summary>Splits a list header's value at commas that are not inside quotes or angle brackets.</summary>
public static class HeaderValueList
{
    public static List<string> Split(string value)
    {
        _ = TrySplit(value, strict: false, out var parts);
        return parts;
    }

    /// <summary>
    /// Splits like <see cref="Split"/> but fails on an empty element (<c>a,,b</c>, a trailing comma) or an unterminated
    /// quote or bracket: RFC 3261 §7.3.1 lists are <c>value *(COMMA value)</c>, and RFC 4475 §3.1.2.1 calls the
    /// extra separators malformed.
    /// </summary>
    public static bool TrySplitStrict(string value, out List<string> parts) => TrySplit(value, strict: true, out parts);

    private static bool TrySplit(string value, bool strict, out List<string> parts)
    {
        parts = new List<string>(1);
        var valid = true;
        var start = 0;
        var inQuotes = false;
        var inAngle = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inQuotes = true;
                    break;
                case '<':
                    inAngle = true;
                    break;
                case '>':
                    inAngle = false;
                    break;
                case ',' when !inAngle:
                    valid &= AddTrimmed(parts, value, start, i);
                    start = i + 1;
                    break;
            }
        }

        valid &= AddTrimmed(parts, value, start, value.Length) && !inQuotes && !inAngle;
        return valid || !strict;
    }

    private static bool AddTrimmed(List<string> parts, string value, int start, int end)
    {
        var span = value.AsSpan(start, end - start).Trim(" \t");
        if (span.IsEmpty)
        {
            return false;
        }

        parts.Add(span.Length == value.Length ? value : span.ToString());
        return true;
    }
}
