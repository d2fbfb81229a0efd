namespace PresenceAgent.RoutingRules;

/// <summary>Limits applied when rules are compiled and matched against aliases from the network.</summary>
/// <remarks>Each setter checks its range, so a bad value fails where it is set rather than at the first match.</remarks>
public sealed class RoutingRuleOptions
{
    /// <summary>The upper bound for <see cref="MatchTimeout"/>.</summary>
    // Matching runs on the SIP receive path for every SUBSCRIBE; a rule allowed to run for seconds would let
    // one hostile alias hold a thread that long, and no sane alias needs more than a few milliseconds.
    public static readonly TimeSpan MaxMatchTimeout = TimeSpan.FromSeconds(1);

    private TimeSpan _matchTimeout = TimeSpan.FromMilliseconds(50);
    private int _maxAliasLength = 256;

    /// <summary>
    /// How long one rule may run on one alias when it needs the backtracking engine (patterns with
    /// backreferences, lookarounds, atomic groups or conditionals). A rule that runs out of time does not
    /// match. Defaults to 50 ms; must be greater than zero and at most <see cref="MaxMatchTimeout"/>.
    /// Rules that the linear-time engine accepts never need it.
    /// </summary>
    // 50 ms is far above what any legitimate alias costs and short enough that a burst of hostile
    // aliases cannot starve the thread pool.
    public TimeSpan MatchTimeout
    {
        get => _matchTimeout;
        set
        {
            if (value <= TimeSpan.Zero || value > MaxMatchTimeout)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"MatchTimeout must be greater than zero and at most {MaxMatchTimeout}.");
            }

            _matchTimeout = value;
        }
    }

    /// <summary>
    /// The longest alias, in UTF-16 code units, that is matched at all; a longer alias matches no rule and
    /// no regex runs on it. Defaults to 256; must be at least 1.
    /// </summary>
    // The user part of a real conference alias (meet.alice, 8881234) is a few dozen characters; 256 leaves
    // room for long SIP URIs while bounding the work a peer can ask of every rule.
    public int MaxAliasLength
    {
        get => _maxAliasLength;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxAliasLength = value;
        }
    }
}
