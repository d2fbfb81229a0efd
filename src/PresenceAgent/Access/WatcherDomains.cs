namespace PresenceAgent.Access;

/// <summary>
/// One string per watcher domain met: every SUBSCRIBE's level is decided by its watcher's domain, and watchers come
/// from few domains, so the domain of each is found here rather than cut from its address again.
/// </summary>
internal static class WatcherDomains
{
    internal static readonly SharedStrings Pool = new(maxEntries: 1024, maxLength: 255);

    /// <summary><paramref name="domain"/> as a string, the shared one when it is remembered.</summary>
    public static string Shared(ReadOnlySpan<char> domain) => domain.IsEmpty ? "" : Pool.Get(domain);
}
