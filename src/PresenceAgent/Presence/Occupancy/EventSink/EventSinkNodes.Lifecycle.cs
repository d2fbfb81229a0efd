using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>The nodes themselves: which are tracked, their sequence numbers, and forgetting what one said.</summary>
internal sealed partial class EventSinkNodes
{
    /// <summary>The node's view; null when the event is to be dropped (a stop from a node not tracked, or the nodes bound).</summary>
    private NodeView? NodeFor(SinkEvent e)
    {
        if (_nodes.TryGetValue(e.Node, out var node))
        {
            return node;
        }

        if (e.Type == SinkEventType.EventSinkStopped)
        {
            return null;
        }

        // A node that carries nothing costs nothing to forget but its sequence number, so it makes room for a newcomer:
        // nodes replaced over months do not fill the table.
        if (_nodes.Count >= _options.MaxNodes)
        {
            if (_nodes.Values.FirstOrDefault(n => n.Conferences.Count == 0) is not { } idle)
            {
                _counters.OverLimit();
                if (_sampler.ShouldLog(OccupancyLog.NodeLimitId, e.Node, out var suppressed))
                {
                    OccupancyLog.NodeLimit(_logger, SipFailure.Sanitize(e.Node), _options.MaxNodes, suppressed);
                }

                return null;
            }

            _nodes.Remove(idle.Address);
        }

        node = new NodeView(e.Node);
        _nodes.Add(e.Node, node);
        return node;
    }

    /// <summary>
    /// Whether to apply the event after its sequence number: a repeat of the last is a retry whose answer was lost; a
    /// fresh start, a gap or a step back forgets the node's view first. eventsink_started is wholly handled here.
    /// </summary>
    private bool InSequence(NodeView node, SinkEvent e)
    {
        var last = node.LastSeq;
        node.LastSeq = e.Seq;
        if (e.Type == SinkEventType.EventSinkStarted)
        {
            if (last is not null)
            {
                Reset(node, "its event sink started again");
            }

            return false;
        }

        if (last is null || e.Seq == last + 1)
        {
            return true;
        }

        if (e.Seq == last)
        {
            _counters.Duplicate();
            OccupancyLog.Duplicate(_logger, e.Name, SipFailure.Sanitize(e.Node), e.Seq);
            return false;
        }

        Reset(node, e.Seq < last ? $"its sequence went back from {last} to {e.Seq}" : $"events {last + 1} to {e.Seq - 1} never arrived");
        return true;
    }

    private void Reset(NodeView node, string why)
    {
        _counters.Reset();
        if (_sampler.ShouldLog(OccupancyLog.NodeResetId, node.Address, out var suppressed))
        {
            OccupancyLog.NodeReset(_logger, SipFailure.Sanitize(node.Address), why, node.Conferences.Count, node.Legs.Count, suppressed);
        }

        var reason = $"node {node.Address} reset";
        foreach (var carrier in node.Conferences.Values)
        {
            _tracker.Close(carrier, sourceLost: false, reason);
        }

        node.Conferences.Clear();
        node.Legs.Clear();
    }

    /// <summary>The node is gone: a conference only it carried loses its source (the grace period runs).</summary>
    private void Stop(NodeView node)
    {
        _nodes.Remove(node.Address);
        if (_sampler.ShouldLog(OccupancyLog.NodeStoppedId, node.Address, out var suppressed))
        {
            OccupancyLog.NodeStopped(_logger, SipFailure.Sanitize(node.Address), node.Conferences.Count, suppressed);
        }

        var reason = $"node {node.Address} stopped";
        foreach (var carrier in node.Conferences.Values)
        {
            _tracker.Close(carrier, sourceLost: true, reason);
        }
    }
}
