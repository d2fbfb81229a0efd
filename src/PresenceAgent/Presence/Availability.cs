namespace PresenceAgent.Presence;

/// <summary>
/// Skype for Business availability numbers: the number a base status is published with, and the base status a number
/// means. Lync reads ranges, not values ("Parsing Lync-published category instances", Lync 2013 SDK): 3000-4499
/// Available, 4500-5999 Available-Idle, 6000-7499 Busy, 7500-8999 Busy-Idle, 9000-11999 Do Not Disturb, 12000-14999 Be
/// Right Back, 15000-17999 Away, 18000 and up Offline; below 3000 the contact's presence is unknown.
/// </summary>
internal static class Availability
{
    /// <summary>The lowest number that means a status; Lync shows anything below as "Presence unknown".</summary>
    public const int Minimum = 3000;

    /// <summary>
    /// The highest number a state may carry: Offline is "18000 and up", yet Lync's own values stop at 18500 (a blocked
    /// contact), so anything past 18999 is a typo rather than a meaning.
    /// </summary>
    public const int Maximum = 18999;

    /// <summary>
    /// The number published for <paramref name="status"/>: the middle of its range, as Lync clients publish (the Lync
    /// Controls ContactAvailability values), never a range start that a client rounding down would misread.
    /// </summary>
    public static int Of(BaseStatus status) => status switch
    {
        BaseStatus.Available => 3500,
        BaseStatus.Busy => 6500,
        BaseStatus.DoNotDisturb => 9500,
        BaseStatus.BeRightBack => 12500,
        BaseStatus.Away => 15500,
        BaseStatus.Offline => 18500,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>The numbers that mean <paramref name="status"/> outside the idle ranges (Offline has no upper end).</summary>
    public static (int First, int Last) RangeOf(BaseStatus status) => status switch
    {
        BaseStatus.Available => (3000, 4499),
        BaseStatus.Busy => (6000, 7499),
        BaseStatus.DoNotDisturb => (9000, 11999),
        BaseStatus.BeRightBack => (12000, 14999),
        BaseStatus.Away => (15000, 17999),
        BaseStatus.Offline => (18000, int.MaxValue),
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    /// <summary>
    /// The base status <paramref name="availability"/> means; null below 3000. The idle ranges fold into the status Lync
    /// shows for them: Available-Idle is "Inactive" in the away colour (a Genesys map publishes "away from my desk" as
    /// 4501), Busy-Idle is still "Busy".
    /// </summary>
    public static BaseStatus? StatusOf(int availability) => availability switch
    {
        < 3000 => null,
        < 4500 => BaseStatus.Available,
        < 6000 => BaseStatus.Away,
        < 9000 => BaseStatus.Busy,
        < 12000 => BaseStatus.DoNotDisturb,
        < 15000 => BaseStatus.BeRightBack,
        < 18000 => BaseStatus.Away,
        _ => BaseStatus.Offline,
    };
}
