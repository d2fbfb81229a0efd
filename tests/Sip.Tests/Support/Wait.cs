namespace PresenceAgent.Sip.Tests.Support;

/// <summary>Polls for a condition that another thread makes true; the deadline is a hang guard, not a timing assertion.</summary>
internal static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, string what = "condition")
    {
        var deadline = DateTime.UtcNow + Timeouts.HangGuard;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} not reached");
            await Task.Delay(10);
        }
    }
}
