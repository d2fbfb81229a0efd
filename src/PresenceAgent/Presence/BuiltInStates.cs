using System.Collections.Immutable;

namespace PresenceAgent.Presence;

/// <summary>
/// The states every deployment has: the six base statuses, and the occupancy states a conference source sets (Dynamics
/// 365's capacity rule: some participants is Busy, "In a meeting"; at capacity or locked is Do Not Disturb, "Full" or
/// "Locked"). A state map may redefine any of them by id; their text is in the languages <see cref="PresenceLanguages.Default"/> names.
/// </summary>
internal static class BuiltInStates
{
    public const string InAMeeting = "InAMeeting";
    public const string Full = "Full";
    public const string Locked = "Locked";

    /// <summary>Base statuses first, under their enum names, so a catalogue built from these always has them.</summary>
    public static IReadOnlyList<PresenceState> All { get; } =
    [
        Base(BaseStatus.Available, "Available", "Verfügbar", "Disponible", "Disponible"),
        Base(BaseStatus.Busy, "Busy", "Beschäftigt", "Occupé", "Ocupado"),
        Base(BaseStatus.DoNotDisturb, "Do not disturb", "Nicht stören", "Ne pas déranger", "No molestar"),
        Base(BaseStatus.BeRightBack, "Be right back", "Bin gleich zurück", "De retour dans quelques minutes", "Vuelvo enseguida"),
        Base(BaseStatus.Away, "Away", "Abwesend", "Absent", "Ausente"),
        Base(BaseStatus.Offline, "Offline", "Offline", "Hors ligne", "Desconectado"),

        // RPID has a meeting activity and Lync an in-a-meeting token (shown in the watcher's own language), so a
        // meeting reads as one everywhere; nothing in either vocabulary says full or locked, so those are busy with text.
        Make(InAMeeting, BaseStatus.Busy, StatusMeaning.Of(BaseStatus.Busy) with { RpidActivities = ["meeting", "busy"], MsrtcToken = "in-a-meeting" },
            "In a meeting", "In einer Besprechung", "En réunion", "En una reunión"),
        Make(Full, BaseStatus.DoNotDisturb, StatusMeaning.Of(BaseStatus.DoNotDisturb), "Full", "Voll besetzt", "Complet", "Completo"),
        Make(Locked, BaseStatus.DoNotDisturb, StatusMeaning.Of(BaseStatus.DoNotDisturb), "Locked", "Gesperrt", "Verrouillé", "Bloqueado"),
    ];

    private static PresenceState Base(BaseStatus status, string en, string de, string fr, string es) =>
        Make(status.ToString(), status, StatusMeaning.Of(status), en, de, fr, es);

    private static PresenceState Make(string id, BaseStatus status, StatusMeaning meaning, string en, string de, string fr, string es)
    {
        var languages = PresenceLanguages.Default.All;
        ImmutableArray<StateText> texts = [new(languages[0], en), new(languages[1], de), new(languages[2], fr), new(languages[3], es)];
        return new PresenceState(id, status, Availability.Of(status), texts, meaning);
    }
}
