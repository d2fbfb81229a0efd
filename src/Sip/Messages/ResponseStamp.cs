using System.Text;

namespace PresenceAgent.Sip.Messages;

/// <summary>
/// What every response the stack originates carries, added in one place: the Server header (RFC 3261 §20.35) and, on
/// a failure, an <c>ms-diagnostics-public</c> header ([MS-OCER] §2.2.1.2) repeating the reason phrase in the form
/// Lync and Skype for Business Front Ends log and show to administrators. Other clients ignore the unknown header.
/// </summary>
public sealed class ResponseStamp
{
    public const string DiagnosticsHeader = "ms-diagnostics-public";

    /// <summary>
    /// The diagnostic id we put first. Microsoft allocates id ranges per product and reserves none for third parties;
    /// this one lies outside every range it documents, so no Microsoft tool reads a meaning of its own into it, and
    /// clients show a generic text for ids they do not know ([MS-OCER] §9.3.2). The readable part is the reason.
    /// </summary>
    public const int DiagnosticId = 52000;

    /// <summary>Names us in the header, as Microsoft's own components do with <c>component=</c>.</summary>
    public const string Component = "PresenceAgent";

    private readonly string? _server;
    private readonly bool _diagnostics;

    public ResponseStamp(string? server, bool diagnostics)
    {
        _server = string.IsNullOrEmpty(server) ? null : server;
        _diagnostics = diagnostics;
    }

    /// <summary>No Server header, no diagnostics.</summary>
    public static ResponseStamp None { get; } = new(null, diagnostics: false);

    /// <summary>The Server header's value, or null for none.</summary>
    internal string? Server => _server;

    /// <summary>Whether a failure gets the diagnostics header.</summary>
    internal bool Diagnostics => _diagnostics;

    public void Apply(SipResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (_server is not null)
        {
            response.Headers.Add(HeaderKind.Server, _server);
        }

        if (_diagnostics && response.StatusCode >= 400)
        {
            response.Headers.Add(DiagnosticsHeader, Format(response.ReasonPhrase));
        }
    }

    /// <summary>
    /// <c>id;reason="…";component="PresenceAgent"</c> with the reason as a quoted-string (RFC 3261 §25.1: quote and
    /// backslash escaped).
    /// </summary>
    public static string Format(string reason)
    {
        var sb = new StringBuilder(reason.Length + 24);
        sb.Append(DiagnosticId).Append(";reason=\"");
        foreach (var c in reason)
        {
            if (c is '"' or '\\')
            {
                sb.Append('\\');
            }

            sb.Append(c < ' ' || c == '\x7f' ? ' ' : c);
        }

        return sb.Append("\";component=\"").Append(Component).Append('"').ToString();
    }
}
