namespace PresenceAgent.Directory;

/// <summary>
/// The one holder of the configuration in force (<see cref="ConfigurationSnapshot"/>). Whatever resolves an alias, a
/// list or a state reads <see cref="Current"/> once per operation (a SUBSCRIBE, a PUBLISH, an API request) and uses that
/// snapshot throughout; a reload replaces it in one step.
/// </summary>
internal sealed class RunningConfiguration(ConfigurationSnapshot initial)
{
    private ConfigurationSnapshot _current = initial;

    public ConfigurationSnapshot Current => Volatile.Read(ref _current);

    /// <summary>Puts <paramref name="next"/> in force; returns the snapshot it replaced.</summary>
    public ConfigurationSnapshot Swap(ConfigurationSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return Interlocked.Exchange(ref _current, next);
    }
}
