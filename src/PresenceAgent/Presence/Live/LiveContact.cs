
namespace PresenceAgent.Presence.Live;

/// <summary>
/// One contact's live presence: what each automatic source last said, an admin's override, a grace period, and what
/// they make it show. Precedence: an override first; then, while a grace period runs, Offline; then the automatic
/// source that spoke last (a source that is live but has no state, an empty room, means the default); then the
/// service's default. Not thread-safe: <see cref="LivePresence"/> locks it. Each change returns the transition it made,
/// or null when what the contact shows did not change.
/// </summary>
internal sealed class LiveContact
{
    private readonly Slot[] _slots = new Slot[2];
    private PresenceState _offline;
    private long _reports;
    private Grace? _grace;

    public LiveContact(IPresentity contact, PresenceState offline, DateTimeOffset now)
    {
        Contact = contact;
        _offline = offline;
        Shown = new ShownPresence(contact.DefaultState, null, PresenceSource.Default, now, 0);
    }

    /// <summary>The directory's contact: its default state, and for logs its name.</summary>
    public IPresentity Contact { get; set; }

    public ShownPresence Shown { get; private set; }

    public ManualOverride? Override { get; private set; }

    public PresenceHistory History { get; } = new();

    /// <summary>When the grace period or the override ends by itself; <see cref="Expire"/> then.</summary>
    public DateTimeOffset? NextDeadline =>
        (_grace?.Ends, Override?.Until) switch
        {
            ({ } g, { } u) => g < u ? g : u,
            ({ } g, null) => g,
            (null, var u) => u,
        };

    /// <summary>
    /// An automatic source's new state; null when it is live but has none (an empty room: the default). It is an
    /// automatic change: an override that invites (Available, Busy) ends, and so does any grace period.
    /// </summary>
    public PresenceTransition? Report(PresenceSource source, PresenceState? state, string? note, string reason, DateTimeOffset now)
    {
        _slots[SlotOf(source)] = new Slot(Live: true, state, note, ++_reports);
        _grace = null;
        EndInvitingOverride();
        return Update(reason, now);
    }

    /// <summary>
    /// An automatic source went away (a node stopped, the last publication expired). When it was the one deciding, the
    /// contact shows Offline at once and keeps its last state for <paramref name="grace"/>: back in time
    /// (<see cref="Restore"/>), that state returns; after it, presence is recomputed from what is left.
    /// </summary>
    public PresenceTransition? Lose(PresenceSource source, string reason, TimeSpan grace, DateTimeOffset now)
    {
        var i = SlotOf(source);
        if (!_slots[i].Live)
        {
            return null;
        }

        var deciding = Deciding() == i;
        _slots[i] = _slots[i] with { Live = false };
        if (deciding && grace > TimeSpan.Zero)
        {
            _grace = new Grace(source, now + grace);
        }

        EndInvitingOverride();
        return Update(reason, now);
    }

    /// <summary>The source lost is back within its grace period: its last state returns. Later, it is a new source.</summary>
    public PresenceTransition? Restore(PresenceSource source, string reason, DateTimeOffset now)
    {
        if (_grace?.Source != source)
        {
            return null;
        }

        var i = SlotOf(source);
        _slots[i] = _slots[i] with { Live = true, Order = ++_reports };
        _grace = null;
        return Update(reason, now);
    }

    public PresenceTransition? SetOverride(ManualOverride manual, string reason, DateTimeOffset now)
    {
        Override = manual;
        return Update(reason, now);
    }

    public PresenceTransition? ClearOverride(string reason, DateTimeOffset now)
    {
        if (Override is null)
        {
            return null;
        }

        Override = null;
        return Update(reason, now);
    }

    /// <summary>Ends a grace period or an override whose time has come.</summary>
    public PresenceTransition? Expire(DateTimeOffset now)
    {
        string? reason = null;
        if (_grace is { } g && g.Ends <= now)
        {
            _grace = null;
            reason = $"{g.Source} did not come back within the grace period";
        }

        if (Override?.Until is { } until && until <= now)
        {
            Override = null;
            reason = "the override's until passed";
        }

        return reason is null ? null : Update(reason, now);
    }

    /// <summary>
    /// The configuration was reloaded: <paramref name="contact"/> is what the contact is now, and every state kept
    /// (each source's, the override's, Offline) becomes its <paramref name="successor"/> in the new states. A state
    /// redefined under its id is shown anew without a transition (the contact shows the same state; only its texts or
    /// numbers changed); one the contact no longer shows (its default changed, a removed custom status fell back to
    /// its base status) is a transition.
    /// </summary>
    /// <returns>The transition, or null; <paramref name="redefined"/> when what it shows reads otherwise without one.</returns>
    public PresenceTransition? Reconfigure(IPresentity contact, PresenceState offline, Func<PresenceState, PresenceState> successor, string reason,
        DateTimeOffset now, out bool redefined)
    {
        Contact = contact;
        _offline = offline;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].State is { } state)
            {
                _slots[i] = _slots[i] with { State = successor(state) };
            }
        }

        if (Override is { } manual)
        {
            Override = manual with { State = successor(manual.State) };
        }

        var (decided, note, source) = Decide();
        var shown = Shown;
        redefined = false;
        if (string.Equals(decided.Id, shown.State.Id, StringComparison.Ordinal) && note == shown.Note && source == shown.Source)
        {
            redefined = !decided.ShowsSameAs(shown.State);
            Shown = shown with { State = decided, Version = redefined ? shown.Version + 1 : shown.Version };
            return null;
        }

        return Update(reason, now);
    }

    /// <summary>
    /// The state an automatic source shows is another under a new configuration (the occupancy rule or the service's
    /// capacity changed), though the source said nothing new: its state is replaced, its order, any grace period and
    /// an override stay.
    /// </summary>
    public PresenceTransition? Restate(PresenceSource source, PresenceState? state, string reason, DateTimeOffset now)
    {
        var i = SlotOf(source);
        if (!_slots[i].Live || (_slots[i].State is { } was && state is not null && was.ShowsSameAs(state)) || (_slots[i].State is null && state is null))
        {
            return null;
        }

        _slots[i] = _slots[i] with { State = state };
        return Update(reason, now);
    }

    /// <summary>The meeting under way is <paramref name="meeting"/> (null: none); false when it already was.</summary>
    public bool SetMeeting(Meeting? meeting, DateTimeOffset now)
    {
        if (Shown.Meeting == meeting)
        {
            return false;
        }

        Shown = Shown with { Meeting = meeting, CardSince = now, Version = Shown.Version + 1 };
        return true;
    }

    /// <summary>The card shows otherwise though nothing live changed (a dated note started or ended): a new version.</summary>
    public void CardChanged(DateTimeOffset now) => Shown = Shown with { CardSince = now, Version = Shown.Version + 1 };

    private void EndInvitingOverride()
    {
        if (Override is { Sticky: false })
        {
            Override = null;
        }
    }

    private PresenceTransition? Update(string reason, DateTimeOffset now)
    {
        var (state, note, source) = Decide();
        var shown = Shown;
        if (ReferenceEquals(state, shown.State) && note == shown.Note && source == shown.Source)
        {
            return null;
        }

        Shown = new ShownPresence(state, note, source, now, shown.Version + 1) { Meeting = shown.Meeting, CardSince = shown.CardSince };
        var transition = new PresenceTransition(now, shown.State.Id, state.Id, source, reason);
        History.Add(transition);
        return transition;
    }

    private (PresenceState State, string? Note, PresenceSource Source) Decide()
    {
        if (Override is { } manual)
        {
            return (manual.Invisible ? _offline : manual.State, manual.Note, PresenceSource.Manual);
        }

        if (_grace is not null)
        {
            return (_offline, null, PresenceSource.Grace);
        }

        if (Deciding() is var i and >= 0 && _slots[i].State is { } state)
        {
            return (state, _slots[i].Note, SourceOf(i));
        }

        return (Contact.DefaultState, null, PresenceSource.Default);
    }

    /// <summary>The live automatic source that spoke last, or -1.</summary>
    private int Deciding()
    {
        var best = -1;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Live && (best < 0 || _slots[i].Order > _slots[best].Order))
            {
                best = i;
            }
        }

        return best;
    }

    private static int SlotOf(PresenceSource source) => source switch
    {
        PresenceSource.Occupancy => 0,
        PresenceSource.Publication => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, "Only occupancy and publications are automatic sources."),
    };

    private static PresenceSource SourceOf(int slot) => slot == 0 ? PresenceSource.Occupancy : PresenceSource.Publication;

    private readonly record struct Slot(bool Live, PresenceState? State, string? Note, long Order);

    private sealed record Grace(PresenceSource Source, DateTimeOffset Ends);
}
