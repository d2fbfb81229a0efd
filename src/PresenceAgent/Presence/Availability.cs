namespace PresenceAgent.Presence;

/// <summary>Maps Lync availability numbers to their base state and back.</summary>
internal static class Availability
{
    /// <summary>
    /// The base state whose range contains <paramref name="availability"/>. Numbers below 3000
    /// (including 0, "unset") belong to no range and map to <see cref="AvailabilityStatus.None"/>.
    /// </summary>
    public static AvailabilityStatus StatusOf(int availability) => availability switch
    {
        >= (int)AvailabilityStatus.Offline => AvailabilityStatus.Offline,
        >= (int)AvailabilityStatus.Away => AvailabilityStatus.Away,
        >= (int)AvailabilityStatus.BeRightBack => AvailabilityStatus.BeRightBack,
        >= (int)AvailabilityStatus.DoNotDisturb => AvailabilityStatus.DoNotDisturb,
        >= (int)AvailabilityStatus.IdleBusy => AvailabilityStatus.IdleBusy,
        >= (int)AvailabilityStatus.Busy => AvailabilityStatus.Busy,
        >= (int)AvailabilityStatus.IdleOnline => AvailabilityStatus.IdleOnline,
        >= (int)AvailabilityStatus.Online => AvailabilityStatus.Online,
        _ => AvailabilityStatus.None,
    };

    /// <summary>The value a client would publish for <paramref name="status"/>; 0 for None.</summary>
    public static int TypicalPublished(AvailabilityStatus status) => status switch
    {
        AvailabilityStatus.Online => PublishedAvailability.Online,
        AvailabilityStatus.IdleOnline => PublishedAvailability.IdleOnline,
        AvailabilityStatus.Busy => PublishedAvailability.Busy,
        AvailabilityStatus.IdleBusy => PublishedAvailability.IdleBusy,
        AvailabilityStatus.DoNotDisturb => PublishedAvailability.DoNotDisturb,
        AvailabilityStatus.BeRightBack => PublishedAvailability.BeRightBack,
        AvailabilityStatus.Away => PublishedAvailability.Away,
        AvailabilityStatus.Offline => PublishedAvailability.Offline,
        _ => 0,
    };

    /// <summary>
    /// Whether the PIDF basic status is "open" (RFC 3863 §4.1.4): anything short of Offline can be
    /// called, so only the Offline range is "closed".
    /// </summary>
    public static bool IsOpen(int availability) => availability < (int)AvailabilityStatus.Offline;
}
