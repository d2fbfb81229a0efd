namespace PresenceAgent.Sip.Messages;

/// <summary>One added field: its text, or when that is null, its number; <see cref="Name"/> for an extension header.</summary>
internal readonly record struct ResponseField(HeaderKind Kind, string? Text, long Number, string? Name = null)
{
    public string ValueText => Text ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
