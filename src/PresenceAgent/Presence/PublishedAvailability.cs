namespace PresenceAgent.Presence;

/// <summary>
/// The availability numbers Lync clients themselves publish for each state (the Lync Controls
/// ContactAvailability values). Publishing these, rather than range starts, is what watchers expect;
/// an available room is always 3500, never a value below 3000 that SIPE would read as offline.
/// </summary>
internal static class PublishedAvailability
{
    public const int Online = 3500;
    public const int IdleOnline = 5000;
    public const int Busy = 6500;
    public const int IdleBusy = 7500;
    public const int DoNotDisturb = 9500;
    public const int BeRightBack = 12500;
    public const int Away = 15500;
    public const int Offline = 18500;
}
