using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// Applies queued events one at a time, in the order they were accepted. A fault applying one is ours: it is logged
/// and the next event is applied, so one bad event never stops occupancy. Events still queued at shutdown are dropped
/// with the process's state.
/// </summary>
internal sealed class EventSinkWorker(EventSinkQueue queue, EventSinkNodes nodes, ILogger<EventSinkWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    nodes.Apply(e);
                }
                catch (Exception ex)
                {
                    OccupancyLog.ApplyFailed(logger, ex, e.Name, SipFailure.Sanitize(e.Node));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
