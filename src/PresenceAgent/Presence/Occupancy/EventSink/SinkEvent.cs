namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// One event from a conferencing node, reduced to what occupancy uses. Conference events fill <see cref="Conference"/>
/// and <see cref="Locked"/>; participant events <see cref="Conference"/>, <see cref="Leg"/>, <see cref="Person"/> and
/// <see cref="Alias"/>.
/// </summary>
/// <param name="Node">The node's address (the <c>node</c> field): whose view and sequence this is.</param>
/// <param name="Seq">The node's sequence number, from 1 after its sink started.</param>
/// <param name="Type">What happened.</param>
/// <param name="Conference">The conference's name on the platform (<c>name</c> of a conference, <c>conference</c> of a participant).</param>
/// <param name="Locked">Whether the conference is locked (<c>is_locked</c>).</param>
/// <param name="Leg">The participant's <c>uuid</c>: one call leg.</param>
/// <param name="Person">Who the leg belongs to: its <c>conversation_id</c> (an audio-video call and its presentation share one), else the uuid.</param>
/// <param name="Alias">The alias dialled (<c>destination_alias</c>).</param>
internal sealed record SinkEvent(string Node, long Seq, SinkEventType Type, string? Conference = null, bool Locked = false,
    string? Leg = null, string? Person = null, string? Alias = null)
{
    public string Name => SinkEventTypes.Name(Type);
}
