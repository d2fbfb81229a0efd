namespace PresenceAgent.Presence;

/// <summary>
/// The Skype for Business / Lync base availability states. Each value is the start of a range:
/// every availability number from that value up to the next state's start means this state
/// (OCS 2007 userStateAvailability ranges; SIPE uses the same boundaries).
/// </summary>
internal enum AvailabilityStatus
{
    /// <summary>No availability known (0, unset, or below the first range).</summary>
    None = 0,
    Online = 3000,
    IdleOnline = 4500,
    Busy = 6000,
    IdleBusy = 7500,
    DoNotDisturb = 9000,
    BeRightBack = 12000,
    Away = 15000,
    Offline = 18000,
}
