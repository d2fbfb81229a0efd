namespace PresenceAgent.Sip.Messages;

/// <summary>Method names, with the common ones handed out as shared strings.</summary>
public static class SipMethods
{
    public const string Invite = "INVITE";
    public const string Ack = "ACK";
    public const string Bye = "BYE";
    public const string Cancel = "CANCEL";
    public const string Options = "OPTIONS";
    public const string Register = "REGISTER";
    public const string Subscribe = "SUBSCRIBE";
    public const string Notify = "NOTIFY";
    public const string Publish = "PUBLISH";
    public const string Message = "MESSAGE";
    public const string Info = "INFO";
    public const string Refer = "REFER";
    public const string Update = "UPDATE";
    public const string Prack = "PRACK";

    /// <summary>Method names are case-sensitive (RFC 3261 §7.1); only exact matches are shared.</summary>
    public static string Intern(ReadOnlySpan<byte> method) =>
        TryGetShared(method, out var shared) ? shared : System.Text.Encoding.ASCII.GetString(method);

    /// <summary>The shared string of a common method; false for any other, which gets no string here.</summary>
    public static bool TryGetShared(ReadOnlySpan<byte> method, out string shared)
    {
        shared = method switch
        {
            _ when method.SequenceEqual("SUBSCRIBE"u8) => Subscribe,
            _ when method.SequenceEqual("NOTIFY"u8) => Notify,
            _ when method.SequenceEqual("OPTIONS"u8) => Options,
            _ when method.SequenceEqual("INVITE"u8) => Invite,
            _ when method.SequenceEqual("ACK"u8) => Ack,
            _ when method.SequenceEqual("BYE"u8) => Bye,
            _ when method.SequenceEqual("CANCEL"u8) => Cancel,
            _ when method.SequenceEqual("REGISTER"u8) => Register,
            _ when method.SequenceEqual("PUBLISH"u8) => Publish,
            _ when method.SequenceEqual("MESSAGE"u8) => Message,
            _ when method.SequenceEqual("INFO"u8) => Info,
            _ when method.SequenceEqual("REFER"u8) => Refer,
            _ when method.SequenceEqual("UPDATE"u8) => Update,
            _ when method.SequenceEqual("PRACK"u8) => Prack,
            _ => "",
        };
        return shared.Length > 0;
    }
}
