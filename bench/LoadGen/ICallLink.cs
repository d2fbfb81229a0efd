namespace PresenceAgent.LoadGen;

/// <summary>What one call reads and writes through: a connection of its own, or its share of a pooled one.</summary>
internal interface ICallLink
{
    /// <summary>The connection's local address, for the Via and Contact.</summary>
    System.Net.IPEndPoint Local { get; }

    /// <summary>The next message of this call; throws when the connection ends.</summary>
    ValueTask<SipText> ReadAsync(CancellationToken cancellationToken);

    ValueTask WriteAsync(string text, CancellationToken cancellationToken);
}
