namespace PresenceAgent.Presence;

/// <summary>
/// The base statuses every presence state rests on, as Skype for Business and Dynamics 365 have them: a custom status
/// or a state-map entry is one of these with its own text, and each format we write knows only these.
/// </summary>
internal enum BaseStatus : byte
{
    Available,
    Busy,
    DoNotDisturb,
    BeRightBack,
    Away,
    Offline,
}
