using System.Collections.Immutable;

namespace PresenceAgent.Presence;

/// <summary>
/// What a state says in each format besides its number and text: kept as data so that a format's vocabulary changes
/// in one table, never in a writer. The PIDF choices are what baresip and Linphone were seen to display
/// (docs/sip-clients.md, tests/ClientChecks).
/// </summary>
/// <param name="PidfOpen">
/// PIDF's basic status (RFC 3863 §4.1.4): closed for Offline, and for Do Not Disturb as Linphone itself publishes it
/// (its apps then show Do Not Disturb, baresip and linphonec Busy through the busy activity).
/// </param>
/// <param name="RpidActivities">
/// RFC 4480 §3.2 activities, in document order: finer ones (meeting) first, the one naming the status last, since
/// linphonec shows the last activity it knows and baresip looks for busy and away anywhere (away outranking busy, so
/// never both). A client shows only the tokens it knows.
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
internal sealed record StatusMeaning(bool PidfOpen, ImmutableArray<string> RpidActivities, string? MsrtcToken, string XpidfStatus, string XpidfSubstatus)
{
    // Available and Offline carry no activity: every client shows an open status without one as online, a closed one
    // without one as offline. RFC 4480 has no do-not-disturb or be-right-back activity: busy (closed) and away are the
    // nearest. Linphone reads in-transit as be-right-back, but RFC 4480 means riding a vehicle by it, so it is not sent.
    private static readonly StatusMeaning s_available = new(true, [], null, "open", "online");
    private static readonly StatusMeaning s_busy = new(true, ["busy"], null, "inuse", "busy");
    private static readonly StatusMeaning s_doNotDisturb = new(false, ["busy"], null, "inuse", "busy");
    private static readonly StatusMeaning s_beRightBack = new(true, ["away"], null, "open", "berightback");
    private static readonly StatusMeaning s_away = new(true, ["away"], null, "open", "away");
    private static readonly StatusMeaning s_offline = new(false, [], null, "closed", "unknown");

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

    /// <summary>Whether every format reads <paramref name="other"/> as this; the activities compared item by item.</summary>
    public bool ReadsAs(StatusMeaning other) =>
        PidfOpen == other.PidfOpen && RpidActivities.SequenceEqual(other.RpidActivities) && MsrtcToken == other.MsrtcToken &&
        XpidfStatus == other.XpidfStatus && XpidfSubstatus == other.XpidfSubstatus;
}
