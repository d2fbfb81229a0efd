using System.Diagnostics;
using System.Net.Security;

namespace PresenceAgent.LoadGen;

/// <summary>The <see cref="LoadOptions.Connections"/> connections of a pooled run, opened before the first call, taken in turn.</summary>
internal sealed class ConnectionPool : IAsyncDisposable
{
    private readonly PooledConnection[] _connections;
    private long _next = -1;

    private ConnectionPool(PooledConnection[] connections, double openSeconds)
    {
        _connections = connections;
        OpenSeconds = openSeconds;
    }

    /// <summary>How long opening every connection took (handshakes included).</summary>
    public double OpenSeconds { get; }

    public long Stray => _connections.Sum(c => c.Stray);

    public static async Task<ConnectionPool> OpenAsync(LoadOptions options, SslClientAuthenticationOptions? tls)
    {
        using var timeout = new CancellationTokenSource(options.CallTimeout);
        var start = Stopwatch.GetTimestamp();
        var connections = new List<PooledConnection>();
        try
        {
            // Ten at a time: a pool is opened once, not measured, and should not itself look like a connection flood.
            for (var i = 0; i < options.Connections; i += 10)
            {
                var batch = Enumerable.Range(0, Math.Min(10, options.Connections - i)).Select(_ => PooledConnection.OpenAsync(options, tls, timeout.Token));
                connections.AddRange(await Task.WhenAll(batch));
            }
        }
        catch
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }

            throw;
        }

        return new ConnectionPool([.. connections], Stopwatch.GetElapsedTime(start).TotalSeconds);
    }

    public PooledConnection Next() => _connections[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_connections.Length)];

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _connections)
        {
            await c.DisposeAsync();
        }
    }
}
