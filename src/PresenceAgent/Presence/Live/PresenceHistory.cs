namespace PresenceAgent.Presence.Live;

/// <summary>A contact's last <see cref="Capacity"/> transitions, oldest first; older ones are dropped. Not thread-safe.</summary>
internal sealed class PresenceHistory
{
    public const int Capacity = 100;

    private readonly PresenceTransition[] _ring = new PresenceTransition[Capacity];
    private int _next;
    private int _count;

    public void Add(PresenceTransition transition)
    {
        _ring[_next] = transition;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    public int Count => _count;

    /// <summary>The transition <paramref name="age"/> places before the newest (0: the newest).</summary>
    public PresenceTransition FromNewest(int age)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(age);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(age, _count);
        return _ring[(_next - 1 - age + Capacity) % Capacity];
    }

    public PresenceTransition[] ToArray()
    {
        var items = new PresenceTransition[_count];
        for (var i = 0; i < _count; i++)
        {
            items[i] = _ring[(_next - _count + i + Capacity) % Capacity];
        }

        return items;
    }
}
