namespace PresenceAgent.Fuzzing;

/// <summary>A harness check failed: a reader accepted something it cannot give back, or a frame claimed bytes it does not have.</summary>
internal sealed class ContractException : Exception
{
    public ContractException()
    {
    }

    public ContractException(string message)
        : base(message)
    {
    }

    public ContractException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new ContractException(message);
        }
    }
}
