namespace PresenceAgent.Tests.Support;

/// <summary>A generous wait that only stops a broken test from hanging; no test asserts on elapsed time.</summary>
internal static class HangGuard
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static Task Within(this Task task) => task.WaitAsync(Timeout);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(Timeout);
}
