using System.Globalization;

namespace PresenceAgent.Themes;

/// <summary>
/// The square sizes an avatar is served in, the sizes Lync and Skype for Business fetch: 48 for small lists, 96 for the
/// contact list (what the link in presence documents gives, with no <c>size</c>), 648 for the contact card.
/// </summary>
internal static class AvatarSizes
{
    public const int Small = 48;

    public const int Default = 96;

    public const int Card = 648;

    /// <summary>Every size, smallest first.</summary>
    public static readonly IReadOnlyList<int> All = [Small, Default, Card];

    /// <summary>The size a <c>?size=</c> value asks for: one of <see cref="All"/> in plain digits, else false.</summary>
    public static bool TryParse(string? value, out int size)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && All.Contains(parsed))
        {
            size = parsed;
            return true;
        }

        size = 0;
        return false;
    }
}
