namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>Waits for what the agent does after it answered (the event sink applies events from its queue).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not within {within ?? TimeSpan.FromSeconds(10)}: {what}");
            }

            await Task.Delay(10);
        }
    }
}
