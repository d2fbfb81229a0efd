namespace PresenceAgent.Presence;

/// <summary>Base statuses by name, as configuration and state maps write them.</summary>
internal static class BaseStatusNames
{
    private static readonly BaseStatus[] s_all = Enum.GetValues<BaseStatus>();

    /// <summary>The names, for messages that say what is accepted.</summary>
    public static string List { get; } = string.Join(", ", s_all);

    /// <summary>A name (any case) to its status. Unlike <see cref="Enum.TryParse{TEnum}(string?, bool, out TEnum)"/>, a number is no name.</summary>
    public static bool TryParse(string? name, out BaseStatus status)
    {
        foreach (var s in s_all)
        {
            if (string.Equals(name, s.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                status = s;
                return true;
            }
        }

        status = default;
        return false;
    }
}
