namespace PresenceAgent.EndToEnd.Tests.Support;

/// <summary>
/// A Unix socket path for an agent to listen on beside loopback. A client there has no IP address, so the agent sees a
/// client beyond loopback, and nothing leaves this machine. The socket file goes when disposed.
/// </summary>
internal sealed class UnixSocketPath : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pa-{Guid.NewGuid():N}.sock");

    public void Dispose() => File.Delete(Path);
}
