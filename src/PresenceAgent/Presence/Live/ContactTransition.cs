namespace PresenceAgent.Presence.Live;

/// <summary>A transition with the contact it happened to, as a list across contacts needs it.</summary>
/// <param name="Contact">The contact's <see cref="IPresentity.Key"/>.</param>
/// <param name="Transition">What changed.</param>
internal sealed record ContactTransition(string Contact, PresenceTransition Transition);
