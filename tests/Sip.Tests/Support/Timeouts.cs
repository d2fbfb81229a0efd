namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Generous waits that only stop a broken test from hanging; no test asserts on elapsed time.</summary>
internal static class Timeouts
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);
}
