namespace PresenceAgent.Directory;

/// <summary>One phone number on a service's contact card: a dial-in number for a room.</summary>
public sealed class PhoneOptions
{
    public PhoneType Type { get; init; } = PhoneType.Work;

    /// <summary>E.164: <c>+</c> and 1-15 digits, no spaces; checked at start.</summary>
    public string Number { get; init; } = "";
}

/// <summary>The phone types a Lync contact card names (its <c>phone type</c> attribute).</summary>
public enum PhoneType
{
    Work,
    Mobile,
    Home,
    Other,
}
