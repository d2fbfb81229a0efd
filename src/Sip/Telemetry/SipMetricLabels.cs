using System.Text;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Telemetry;

/// <summary>
/// Label values, made once: a metric label must never be built per message, and never carry what a peer chose (a
/// method name it made up would be a new time series per request).
/// </summary>
internal static class SipMetricLabels
{
    public const int MinStatusCode = 100;
    public const int MaxStatusCode = 699;

    /// <summary>The methods counted by name; anything else is <c>other</c> (the last).</summary>
    public static readonly string[] Methods =
    [
        SipMethods.Subscribe, SipMethods.Publish, SipMethods.Notify, SipMethods.Options, SipMethods.Cancel, SipMethods.Invite,
        SipMethods.Message, SipMethods.Register, SipMethods.Info, SipMethods.Refer, SipMethods.Update, SipMethods.Prack,
        SipMethods.Bye, SipMethods.Ack, "other",
    ];

    public static readonly string[] ParseFailureReasons = [.. Enum.GetNames<SipFailureReason>().Select(SnakeCase)];

    public static readonly string[] TlsResults = [.. Enum.GetNames<TlsHandshakeResult>().Select(SnakeCase)];

    private static readonly string?[] s_statusCodes = new string?[MaxStatusCode - MinStatusCode + 1];

    /// <summary>The index of <paramref name="method"/> in <see cref="Methods"/>; a switch on the string, no allocation.</summary>
    public static int MethodIndex(string method) => method switch
    {
        SipMethods.Subscribe => 0,
        SipMethods.Publish => 1,
        SipMethods.Notify => 2,
        SipMethods.Options => 3,
        SipMethods.Cancel => 4,
        SipMethods.Invite => 5,
        SipMethods.Message => 6,
        SipMethods.Register => 7,
        SipMethods.Info => 8,
        SipMethods.Refer => 9,
        SipMethods.Update => 10,
        SipMethods.Prack => 11,
        SipMethods.Bye => 12,
        SipMethods.Ack => 13,
        _ => Methods.Length - 1,
    };

    /// <summary>"200" for 200: made on first use and kept (a race makes two equal strings, one of which is kept).</summary>
    public static string StatusCode(int code)
    {
        ref var slot = ref s_statusCodes[code - MinStatusCode];
        return slot ??= code.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>MalformedStartLine → malformed_start_line, InvalidCSeq → invalid_cseq: the Prometheus style of a label value.</summary>
    internal static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            // A word starts at a capital after a small letter, so an acronym (CSeq) stays one word.
            if (char.IsUpper(name[i]) && i > 0 && char.IsLower(name[i - 1]))
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
