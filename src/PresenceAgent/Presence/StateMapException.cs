namespace PresenceAgent.Presence;

/// <summary>A state map file that cannot be used: its name, the line at fault (0 when the fault is the whole file), and why.</summary>
internal sealed class StateMapException : Exception
{
    public StateMapException(string file, int line, string reason)
        : base(line > 0 ? $"{file} line {line}: {reason}" : $"{file}: {reason}")
    {
        Line = line;
        Reason = reason;
    }

    public StateMapException()
        : this("")
    {
    }

    public StateMapException(string message)
        : base(message) => Reason = message;

    public StateMapException(string message, Exception innerException)
        : base(message, innerException) => Reason = message;

    public int Line { get; }

    public string Reason { get; }
}
