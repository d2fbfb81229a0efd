namespace PresenceAgent.Logging;

/// <summary>
/// Decides which of the events a peer can trigger at will reach the log: the first of each kind from a peer, then at
/// most one per interval, carrying how many were left out. A peer then cannot flood the log, and the admin still
/// learns that it tried and how often.
/// </summary>
internal interface IPeerLogSampler
{
    /// <summary>
    /// True when event <paramref name="eventId"/> about <paramref name="peer"/> should be logged now; then
    /// <paramref name="suppressed"/> is how many such events were not logged since the last one that was.
    /// </summary>
    bool ShouldLog(int eventId, string peer, out int suppressed);
}
