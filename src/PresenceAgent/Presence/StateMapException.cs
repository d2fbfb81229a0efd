namespace PresenceAgent.Presence;

/// <summary>A state map file that cannot be used: the file, the line at fault (0 when the fault is the whole file), and why.</summary>
internal sealed class StateMapException : Exception
{
    public StateMapException(string file, int line, string reason)
        : base(line > 0 ? $"{file} line {line}: {reason}" : $"{file}: {reason}")
    {
        File = file;
        Line = line;
        Reason = reason;
    }

    public StateMapException()
        : this("", 0, "")
    {
    }

    public StateMapException(string message)
        : this("", 0, message)
    {
    }

    public StateMapException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
        Reason = message;
    }

    public string File { get; }

    public int Line { get; }

    public string Reason { get; }
}
