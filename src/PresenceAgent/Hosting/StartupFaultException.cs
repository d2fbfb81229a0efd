namespace PresenceAgent.Hosting;

/// <summary>
/// The environment refused what the configuration asks for (a port already in use, an address not on this host):
/// an operator's fault, reported as one sentence and exit code 2, never as a stack trace.
/// </summary>
internal sealed class StartupFaultException : Exception
{
    public StartupFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StartupFaultException()
    {
    }

    public StartupFaultException(string message)
        : base(message)
    {
    }
}
