using System.Collections.Concurrent;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Presence.Live;

/// <summary>
/// Live presence for every contact a source or an admin has spoken about (the others show their default): sources
/// report here, <see cref="Changed"/> tells the fan-out, and documents read <see cref="Current"/>. Contacts are keyed
/// by <see cref="IPresentity.Key"/>. Each change is one transition in the contact's history and one Information log line.
/// Grace periods and overrides with an end run on the time provider's timers. Thread-safe: one lock per contact.
/// </summary>
internal sealed class LivePresence : IDisposable
{
    /// <summary>
    /// Contacts with live state at most: services are bounded by configuration, but gateway aliases are many; past this,
    /// new ones are refused, so the table cannot outgrow memory whatever an admin tool sends.
    /// </summary>
    public const int MaxContacts = 100_000;

    /// <summary>
    /// The longest a timer is armed for: System.Threading timers refuse more than 2^32-2 ms (49.7 days), and an override
    /// may end next year. A deadline further off is reached in steps: <see cref="LiveContact.Expire"/> changes nothing
    /// before it, and the timer is armed again.
    /// </summary>
    internal static readonly TimeSpan MaxTimerDue = TimeSpan.FromDays(30);

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private PresenceState _offline;
    private TimeSpan _grace;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public LivePresence(StateCatalogue states, TimeSpan grace, TimeProvider time, ILogger<LivePresence> logger)
    {
        _offline = OfflineOf(states);
        _grace = grace;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Raised after a contact's shown presence changed, outside its lock, on the thread that changed it (a timer's for
    /// a grace period or an override that ended). Handlers must not block.
    /// </summary>
    public event Action<IPresentity, ShownPresence>? Changed;

    /// <summary>Contacts with live state.</summary>
    public int Count => _entries.Count;

    /// <summary>What <paramref name="contact"/> shows now: its default until a source or an admin has spoken.</summary>
    public ShownPresence Current(IPresentity contact)
    {
        if (_entries.TryGetValue(contact.Key, out var entry))
        {
            lock (entry)
            {
                return entry.Live.Shown;
            }
        }

        return ShownPresence.DefaultOf(contact);
    }

    /// <summary>What <paramref name="contact"/> shows, its override and its last transitions, oldest first.</summary>
    public PresenceReport Describe(IPresentity contact)
    {
        if (!_entries.TryGetValue(contact.Key, out var entry))
        {
            return new PresenceReport(Current(contact), null, []);
        }

        lock (entry)
        {
            return new PresenceReport(entry.Live.Shown, entry.Live.Override, entry.Live.History.ToArray());
        }
    }

    /// <summary>
    /// The newest transitions of every contact together, newest first, at most <paramref name="max"/>: what the admin
    /// console's dashboard lists. Read from each contact's own history under its lock in turn, so nothing is kept for it
    /// on the path that makes changes; a contact changing meanwhile may show its newest transition or not.
    /// </summary>
    public IReadOnlyList<ContactTransition> Recent(int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);

        // The oldest kept on top, so a newer transition replaces it once max are kept.
        var newest = new PriorityQueue<ContactTransition, DateTimeOffset>(max + 1);
        foreach (var entry in _entries.Values)
        {
            lock (entry)
            {
                var history = entry.Live.History;
                for (var age = 0; age < history.Count; age++)
                {
                    var transition = history.FromNewest(age);
                    if (newest.Count == max && transition.At <= newest.Peek().Transition.At)
                    {
                        // This contact's older transitions are older still.
                        break;
                    }

                    newest.Enqueue(new ContactTransition(entry.Live.Contact.Key, transition), transition.At);
                    if (newest.Count > max)
                    {
                        newest.Dequeue();
                    }
                }
            }
        }

        var recent = new ContactTransition[newest.Count];
        for (var i = recent.Length - 1; i >= 0; i--)
        {
            recent[i] = newest.Dequeue();
        }

        return recent;
    }

    /// <summary>An automatic source's state for the contact (null: live, but nothing to show, as an empty room). False when the table is full.</summary>
    public bool Report(IPresentity contact, PresenceSource source, PresenceState? state, string? note, string reason) =>
        Apply(contact, create: true, (live, now) => live.Report(source, state, note, reason, now));

    /// <summary>An automatic source went away: Offline at once, the last state kept for the grace period.</summary>
    public void Lose(IPresentity contact, PresenceSource source, string reason) =>
        Apply(contact, create: false, (live, now) => live.Lose(source, reason, _grace, now));

    /// <summary>The source lost is back within its grace period: its last state returns.</summary>
    public void Restore(IPresentity contact, PresenceSource source, string reason) =>
        Apply(contact, create: false, (live, now) => live.Restore(source, reason, now));

    /// <summary>An admin's override; false when the table is full.</summary>
    public bool SetOverride(IPresentity contact, ManualOverride manual, string reason) =>
        Apply(contact, create: true, (live, now) => live.SetOverride(manual, reason, now));

    /// <summary>Back to automatic presence; false when there was no override.</summary>
    public bool ClearOverride(IPresentity contact, string reason)
    {
        var had = false;
        Apply(contact, create: false, (live, now) =>
        {
            had = live.Override is not null;
            return live.ClearOverride(reason, now);
        });
        return had;
    }

    /// <summary>
    /// A configuration reload: each contact with live state follows to what <paramref name="follow"/> says its key names
    /// now (under another key when a service's first alias changed), keeping its sources, override, grace period and
    /// history, its states replaced by their successors in <paramref name="states"/>; the live state of a contact that
    /// names nothing any more is dropped. Transitions are logged and kept in the history as any, but not announced:
    /// the reload notifies these contacts' watchers together with its other changes, once.
    /// </summary>
    /// <returns>The keys of the contacts that now show otherwise.</returns>
    public IReadOnlyCollection<string> Reconfigure(StateCatalogue states, TimeSpan grace, Func<string, IPresentity?> follow, string reason)
    {
        var offline = OfflineOf(states);
        _offline = offline;
        _grace = grace;
        var changed = new List<string>();
        foreach (var (key, entry) in _entries)
        {
            if (follow(key) is not { } contact)
            {
                Drop(key, entry);
                continue;
            }

            if (!string.Equals(contact.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                // The service's key moved with its first alias; a contact of that key with live state of its own keeps it.
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                if (!_entries.TryAdd(contact.Key, entry))
                {
                    Drop(key, entry);
                    continue;
                }
            }

            PresenceTransition? transition;
            bool redefined;
            lock (entry)
            {
                transition = entry.Live.Reconfigure(contact, offline, states.Successor, reason, _time.GetUtcNow(), out redefined);
                Schedule(entry);
            }

            if (transition is not null)
            {
                Log(contact, transition);
            }

            if (transition is not null || redefined)
            {
                changed.Add(contact.Key);
            }
        }

        return changed;
    }

    /// <summary>
    /// An automatic source's state under a new configuration, though the source said nothing new (the occupancy rule or
    /// a service's capacity changed): see <see cref="LiveContact.Restate"/>. Nothing for a contact without live state.
    /// </summary>
    public void Restate(IPresentity contact, PresenceSource source, PresenceState? state, string reason) =>
        Apply(contact, create: false, (live, now) => live.Restate(source, state, reason, now));

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            lock (entry)
            {
                entry.Timer?.Dispose();
                entry.Timer = null;
            }
        }
    }

    /// <summary>
    /// The meeting under way in <paramref name="contact"/> (null: none), from the occupancy source. Not a transition: the
    /// state stays, but the documents change, so the version moves and <see cref="Changed"/> is raised. False when the
    /// table is full.
    /// </summary>
    public bool SetMeeting(IPresentity contact, Meeting? meeting, string reason) =>
        ChangeCard(contact, create: meeting is not null, (live, now) => live.SetMeeting(meeting, now), () =>
            LivePresenceLog.MeetingChanged(_logger, SipFailure.Sanitize(contact.Key),
                meeting is null ? "(none)" : SipFailure.Sanitize($"{meeting.Subject ?? "(no subject)"} at {meeting.Location ?? "(no location)"}"),
                SipFailure.Sanitize(reason)));

    /// <summary>
    /// <paramref name="contact"/>'s card shows otherwise though nothing live changed (a dated out-of-office note started
    /// or ended): its version moves, so documents are built again, and <see cref="Changed"/> is raised. False when the
    /// table is full.
    /// </summary>
    public bool CardChanged(IPresentity contact) =>
        ChangeCard(contact, create: true, (live, now) =>
        {
            live.CardChanged(now);
            return true;
        }, static () => { });

    /// <summary>A change of the card alone: no transition; <paramref name="log"/> and <see cref="Changed"/> when it changed.</summary>
    private bool ChangeCard(IPresentity contact, bool create, Func<LiveContact, DateTimeOffset, bool> change, Action log)
    {
        if (!TryEntry(contact, create, out var entry))
        {
            return false;
        }

        if (entry is null)
        {
            return true;
        }

        bool changed;
        ShownPresence shown;
        lock (entry)
        {
            entry.Live.Contact = contact;
            changed = change(entry.Live, _time.GetUtcNow());
            shown = entry.Live.Shown;
        }

        if (changed)
        {
            log();
            Changed?.Invoke(contact, shown);
        }

        return true;
    }

    /// <summary>The contact's entry, made when <paramref name="create"/> and there is room; false only when the table is full.</summary>
    private bool TryEntry(IPresentity contact, bool create, out Entry? entry)
    {
        if (_entries.TryGetValue(contact.Key, out entry) || !create)
        {
            return true;
        }

        if (_entries.Count >= MaxContacts)
        {
            LivePresenceLog.TableFull(_logger, SipFailure.Sanitize(contact.Key), MaxContacts);
            return false;
        }

        entry = _entries.GetOrAdd(contact.Key, static (_, s) => new Entry(new LiveContact(s.contact, s.offline, s.now)),
            (contact, offline: _offline, now: _time.GetUtcNow()));
        return true;
    }

    private bool Apply(IPresentity contact, bool create, Func<LiveContact, DateTimeOffset, PresenceTransition?> change)
    {
        if (!TryEntry(contact, create, out var entry))
        {
            return false;
        }

        if (entry is null)
        {
            return true;
        }

        PresenceTransition? transition;
        ShownPresence shown;
        lock (entry)
        {
            entry.Live.Contact = contact;
            transition = change(entry.Live, _time.GetUtcNow());
            shown = entry.Live.Shown;
            Schedule(entry);
        }

        if (transition is not null)
        {
            Announce(contact, transition, shown);
        }

        return true;
    }

    /// <summary>Arms the contact's one timer for its next deadline (grace end, override end), or disarms it.</summary>
    private void Schedule(Entry entry)
    {
        if (entry.Live.NextDeadline is not { } deadline)
        {
            entry.Timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = deadline - _time.GetUtcNow();
        due = due < TimeSpan.Zero ? TimeSpan.Zero : due > MaxTimerDue ? MaxTimerDue : due;
        if (entry.Timer is null)
        {
            entry.Timer = _time.CreateTimer(static state =>
            {
                var (self, e) = ((LivePresence, Entry))state!;
                self.OnDeadline(e);
            }, (this, entry), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        entry.Timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnDeadline(Entry entry)
    {
        try
        {
            PresenceTransition? transition;
            ShownPresence shown;
            IPresentity contact;
            lock (entry)
            {
                contact = entry.Live.Contact;
                transition = entry.Live.Expire(_time.GetUtcNow());
                shown = entry.Live.Shown;
                Schedule(entry);
            }

            if (transition is not null)
            {
                Announce(contact, transition, shown);
            }
        }
        catch (Exception ex)
        {
            // A timer thread: a fault here must not end the process, and the contact keeps what it shows.
            LivePresenceLog.DeadlineFailed(_logger, ex, SipFailure.Sanitize(entry.Live.Contact.Key));
        }
    }

    private void Announce(IPresentity contact, PresenceTransition transition, ShownPresence shown)
    {
        Log(contact, transition);
        Changed?.Invoke(contact, shown);
    }

    private void Log(IPresentity contact, PresenceTransition transition) =>
        LivePresenceLog.Transition(_logger, SipFailure.Sanitize(contact.Key), transition.From, transition.To, transition.Source.ToString(),
            SipFailure.Sanitize(transition.Reason));

    private static PresenceState OfflineOf(StateCatalogue states) =>
        states.TryResolve(nameof(BaseStatus.Offline), out var offline)
            ? offline
            : throw new ArgumentException("The states must include the base status Offline.", nameof(states));

    private void Drop(string key, Entry entry)
    {
        _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        lock (entry)
        {
            entry.Timer?.Dispose();
            entry.Timer = null;
        }
    }

    private sealed class Entry(LiveContact live)
    {
        public LiveContact Live { get; } = live;

        public ITimer? Timer { get; set; }
    }
}
