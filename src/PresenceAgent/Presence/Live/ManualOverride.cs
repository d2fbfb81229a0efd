namespace PresenceAgent.Presence.Live;

/// <summary>
/// An admin's override of a contact's presence. As in Dynamics 365, an override that keeps people away (Offline, Away,
/// Be Right Back, Do Not Disturb, Invisible) stays until it is cleared or <see cref="Until"/> passes; one that invites
/// them (Available, Busy) holds only until the next automatic change, which recomputes.
/// </summary>
/// <param name="State">What watchers see; Offline's state for Invisible.</param>
/// <param name="Note">Free text shown instead of the state's own, or null.</param>
/// <param name="Until">When the override ends by itself, or null.</param>
/// <param name="Invisible">The room keeps working but watchers see it Offline.</param>
internal sealed record ManualOverride(PresenceState State, string? Note, DateTimeOffset? Until, bool Invisible)
{
    /// <summary>What admins name an invisible override by; no state may have this id.</summary>
    public const string InvisibleId = "Invisible";

    public bool Sticky => Invisible || State.Base is not (BaseStatus.Available or BaseStatus.Busy);
}
