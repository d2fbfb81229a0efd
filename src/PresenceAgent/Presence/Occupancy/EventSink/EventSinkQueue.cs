using System.Threading.Channels;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// Events accepted and not yet applied. The platform sends one event at a time and waits for each answer, so the
/// endpoint answers as soon as an event is queued and one worker applies them in arrival order (each node's in its own
/// order). Bounded: when full the endpoint answers 503 and the platform sends the event again.
/// </summary>
internal sealed class EventSinkQueue
{
    private readonly Channel<SinkEvent> _channel;

    public EventSinkQueue(EventSinkOptions options)
    {
        Capacity = options.QueueCapacity;
        _channel = Channel.CreateBounded<SinkEvent>(new BoundedChannelOptions(Capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    public ChannelReader<SinkEvent> Reader => _channel.Reader;

    /// <summary>False when the queue is full.</summary>
    public bool TryEnqueue(SinkEvent e) => _channel.Writer.TryWrite(e);
}
