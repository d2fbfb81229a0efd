namespace PresenceAgent.Sip.Messages;

/// <summary>Splits a list header's value at commas that are not inside quotes or angle brackets.</summary>
public static class HeaderValueList
{
    public static List<string> Split(string value)
    {
        var parts = new List<string>(1);
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
                    AddTrimmed(parts, value, start, i);
                    start = i + 1;
                    break;
            }
        }

        AddTrimmed(parts, value, start, value.Length);
        return parts;
    }

    private static void AddTrimmed(List<string> parts, string value, int start, int end)
    {
        var span = value.AsSpan(start, end - start).Trim(" \t");
        if (!span.IsEmpty)
        {
            parts.Add(span.Length == value.Length ? value : span.ToString());
        }
    }
}
