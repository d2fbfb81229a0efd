using System.Collections.Immutable;

namespace PresenceAgent.Presence;

/// <summary>
/// What a state says in each format besides its number and text: kept as data so that a format's vocabulary changes
/// in one table, never in a writer. PIDF's basic status needs no entry: it is open for every status but Offline.
/// </summary>
/// <param name="RpidActivities">
/// RFC 4480 §3.2 activities, in order: SIP clients show only the tokens they know and most read the first, so the token
/// a client displays comes first and finer ones (meeting) follow.
/// </param>
/// <param name="MsrtcToken">
/// The <c>activity</c> token of the msrtc <c>state</c> category, or null. Lync knows on-the-phone, in-a-conference,
/// in-a-meeting, out-of-office and urgent-interruptions-only ([MS-PRES] activityTokenEnum; Lync 2013 adds off-work and
/// in-presentation) and shows its own localized string for one; no base status has a token of its own.
/// </param>
/// <param name="XpidfStatus">
/// The xpidf address <c>status</c>: open, inuse or closed (the IETF XPIDF draft's values; phones light a busy lamp for
/// inuse).
/// </param>
/// <param name="XpidfSubstatus">The <c>msnsubstatus</c> ([MS-SIP] §2.2.2: unknown, away, online, idle, busy, berightback, onthephone, outtolunch).</param>
internal sealed record StatusMeaning(ImmutableArray<string> RpidActivities, string? MsrtcToken, string XpidfStatus, string XpidfSubstatus)
{
    // Available and Offline carry no activity: "Available" is what a watcher shows for an open status without one, and
    // a closed basic status already says Offline. RFC 4480 has no do-not-disturb activity; busy is the nearest.
    private static readonly StatusMeaning s_available = new([], null, "open", "online");
    private static readonly StatusMeaning s_busy = new(["busy"], null, "inuse", "busy");
    private static readonly StatusMeaning s_doNotDisturb = new(["busy"], null, "inuse", "busy");
    private static readonly StatusMeaning s_beRightBack = new(["away"], null, "open", "berightback");
    private static readonly StatusMeaning s_away = new(["away"], null, "open", "away");
    private static readonly StatusMeaning s_offline = new([], null, "closed", "unknown");

    /// <summary>How <paramref name="status"/> reads when a state adds nothing of its own.</summary>
    public static StatusMeaning Of(BaseStatus status) => status switch
    {
        BaseStatus.Available => s_available,
        BaseStatus.Busy => s_busy,
        BaseStatus.DoNotDisturb => s_doNotDisturb,
        BaseStatus.BeRightBack => s_beRightBack,
        BaseStatus.Away => s_away,
        BaseStatus.Offline => s_offline,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
