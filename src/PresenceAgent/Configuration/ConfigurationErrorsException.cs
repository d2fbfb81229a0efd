namespace PresenceAgent.Configuration;

/// <summary>The configuration cannot run: every fault found, each naming its key.</summary>
internal sealed class ConfigurationErrorsException : Exception
{
    public ConfigurationErrorsException(IReadOnlyList<string> errors)
        : base("The configuration has errors:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
        => Errors = errors;

    public ConfigurationErrorsException()
        : this([])
    {
    }

    public ConfigurationErrorsException(string message)
        : this([message])
    {
    }

    public ConfigurationErrorsException(string message, Exception innerException)
        : base(message, innerException) => Errors = [message];

    public IReadOnlyList<string> Errors { get; }
}
