using PresenceAgent.Logging;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Presence.Occupancy.EventSink;

/// <summary>
/// Every conferencing node's view, applied one event at a time by the worker (the only caller). Events are ordered by
/// each node's sequence number: its eventsink_started, or a gap (or a step back) in its numbers, means events were
/// lost, so what the node said is forgotten and rebuilt from what it says next. Conferences map onto services by
/// name (a service's ConferenceName, else its Name, ignoring case); a participant also by the alias it dialled;
/// what maps onto nothing is counted as unserved and ignored. Nodes, conferences and participants are bounded.
/// </summary>
internal sealed partial class EventSinkNodes
{
    private readonly Dictionary<string, NodeView> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly OccupancyTracker _tracker;
    private readonly IConferenceServices _services;
    private readonly EventSinkOptions _options;
    private readonly EventSinkCounters _counters;
    private readonly PeerLogSampler _sampler;
    private readonly ILogger _logger;

    public EventSinkNodes(OccupancyTracker tracker, IConferenceServices services, EventSinkOptions options, EventSinkCounters counters,
        PeerLogSampler sampler, ILogger<EventSinkNodes> logger)
    {
        _tracker = tracker;
        _services = services;
        _options = options;
        _counters = counters;
        _sampler = sampler;
        _logger = logger;
    }

    /// <summary>Nodes tracked now.</summary>
    public int Count => _nodes.Count;

    public void Apply(SinkEvent e)
    {
        _counters.Applied(e.Type);
        if (NodeFor(e) is not { } node || !InSequence(node, e))
        {
            return;
        }

        var reason = $"{e.Name} from {e.Node}";
        switch (e.Type)
        {
            case SinkEventType.EventSinkStopped:
                Stop(node);
                break;
            case SinkEventType.ConferenceStarted or SinkEventType.ConferenceUpdated:
                if (node.Conferences.TryGetValue(e.Conference!, out var carrier))
                {
                    _tracker.SetLocked(carrier, e.Locked, reason);
                }
                else
                {
                    Open(node, e, reason);
                }

                break;
            case SinkEventType.ConferenceEnded:
                End(node, e, reason);
                break;
            case SinkEventType.ParticipantConnected or SinkEventType.ParticipantUpdated:
                Join(node, e, reason);
                break;
            case SinkEventType.ParticipantDisconnected:
                if (node.Legs.Remove(e.Leg!, out var from))
                {
                    _tracker.Leave(from, e.Leg!, reason);
                }
                else if (ServiceOf(e) is null)
                {
                    Unserved(e);
                }

                break;
        }
    }

    private Carrier? Open(NodeView node, SinkEvent e, string reason)
    {
        if (ServiceOf(e) is not { } service)
        {
            Unserved(e);
            return null;
        }

        if (node.Conferences.Count >= _options.MaxConferencesPerNode)
        {
            _counters.OverLimit();
            if (_sampler.ShouldLog(OccupancyLog.ConferenceLimitId, node.Address, out var suppressed))
            {
                OccupancyLog.ConferenceLimit(_logger, SipFailure.Sanitize(e.Conference), SipFailure.Sanitize(node.Address), _options.MaxConferencesPerNode, suppressed);
            }

            return null;
        }

        var carrier = _tracker.Open(service, e.Locked, reason);
        node.Conferences.Add(e.Conference!, carrier);
        return carrier;
    }

    private void End(NodeView node, SinkEvent e, string reason)
    {
        if (!node.Conferences.Remove(e.Conference!, out var carrier))
        {
            if (ServiceOf(e) is null)
            {
                Unserved(e);
            }

            return;
        }

        // Only this worker changes a node's carriers, so their legs can be read here.
        foreach (var leg in carrier.Legs.Keys)
        {
            node.Legs.Remove(leg);
        }

        _tracker.Close(carrier, sourceLost: false, reason);
    }

    /// <summary>A participant connected, or changed (it may have moved from a waiting room or another conference).</summary>
    private void Join(NodeView node, SinkEvent e, string reason)
    {
        var leg = e.Leg!;
        node.Legs.TryGetValue(leg, out var previous);
        var carrier = node.Conferences.GetValueOrDefault(e.Conference!) ?? Open(node, e, reason);
        if (previous is not null && previous != carrier)
        {
            node.Legs.Remove(leg);
            _tracker.Leave(previous, leg, reason);
            previous = null;
        }

        if (carrier is null)
        {
            return;
        }

        if (previous is null && node.Legs.Count >= _options.MaxParticipantsPerNode)
        {
            _counters.OverLimit();
            if (_sampler.ShouldLog(OccupancyLog.ParticipantLimitId, node.Address, out var suppressed))
            {
                OccupancyLog.ParticipantLimit(_logger, SipFailure.Sanitize(e.Conference), SipFailure.Sanitize(node.Address), _options.MaxParticipantsPerNode, suppressed);
            }

            return;
        }

        node.Legs[leg] = carrier;
        _tracker.Join(carrier, leg, e.Person!, reason);
    }

    /// <summary>The service a conference or participant event is about: by conference name, then by the alias dialled.</summary>
    private IRoom? ServiceOf(SinkEvent e)
    {
        if (string.IsNullOrEmpty(e.Conference))
        {
            // Not (yet) in a conference: connecting, or in a reception's menu.
            return null;
        }

        return _services.FindConference(e.Conference) ?? (e.Alias is { Length: > 0 } alias ? _services.FindByAlias(alias) : null);
    }

    private void Unserved(SinkEvent e)
    {
        _counters.Unserved();
        OccupancyLog.Unserved(_logger, e.Name, SipFailure.Sanitize(e.Node), SipFailure.Sanitize(e.Conference), SipFailure.Sanitize(e.Alias));
    }
}
