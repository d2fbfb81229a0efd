namespace PresenceAgent.Sip.Messages;

/// <summary>How a known header is named and whether its value is a comma-separated list (RFC 3261 §7.3.1).</summary>
public sealed class HeaderDescriptor
{
    private HeaderDescriptor(HeaderKind kind, string name, char? compact, bool isList, bool isSingle)
    {
        Kind = kind;
        Name = name;
        CompactForm = compact;
        IsList = isList;
        IsSingle = isSingle;
    }

    public HeaderKind Kind { get; }

    /// <summary>The canonical long name the writer uses.</summary>
    public string Name { get; }

    /// <summary>The RFC 3261 §7.3.3 compact form, when there is one.</summary>
    public char? CompactForm { get; }

    /// <summary>Values may be combined with commas, so one field can carry several values.</summary>
    public bool IsList { get; }

    /// <summary>At most one value is allowed (RFC 4475 §3.3.8: a second To, From, Call-ID or CSeq is an error).</summary>
    public bool IsSingle { get; }

    private static readonly HeaderDescriptor[] s_byKind = Build();

    private static readonly Dictionary<string, HeaderKind> s_byName = BuildNames();

    public static HeaderDescriptor Get(HeaderKind kind) => s_byKind[(int)kind];

    /// <summary>Long or compact name to kind, case-insensitively; for names we hold as strings, not the wire path.</summary>
    public static HeaderKind FindByName(string name) =>
        s_byName.TryGetValue(name, out var kind) ? kind : HeaderKind.Unknown;

    private static Dictionary<string, HeaderKind> BuildNames()
    {
        var names = new Dictionary<string, HeaderKind>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in s_byKind)
        {
            if (d.Kind == HeaderKind.Unknown)
            {
                continue;
            }

            names[d.Name] = d.Kind;
            if (d.CompactForm is { } c)
            {
                names[c.ToString()] = d.Kind;
            }
        }

        return names;
    }

    private static HeaderDescriptor[] Build()
    {
        var all = new HeaderDescriptor[Enum.GetValues<HeaderKind>().Length];
        void Add(HeaderKind k, string name, char? compact = null, bool list = false, bool single = false) =>
            all[(int)k] = new HeaderDescriptor(k, name, compact, list, single);

        Add(HeaderKind.Unknown, "");
        Add(HeaderKind.Accept, "Accept", list: true);
        Add(HeaderKind.AcceptEncoding, "Accept-Encoding", list: true);
        Add(HeaderKind.AcceptLanguage, "Accept-Language", list: true);
        Add(HeaderKind.Allow, "Allow", list: true);
        Add(HeaderKind.AllowEvents, "Allow-Events", 'u', list: true);
        Add(HeaderKind.Authorization, "Authorization");
        Add(HeaderKind.CallId, "Call-ID", 'i', single: true);
        Add(HeaderKind.Contact, "Contact", 'm', list: true);
        Add(HeaderKind.ContentDisposition, "Content-Disposition", single: true);
        Add(HeaderKind.ContentEncoding, "Content-Encoding", 'e', list: true);
        Add(HeaderKind.ContentLength, "Content-Length", 'l', single: true);
        Add(HeaderKind.ContentType, "Content-Type", 'c', single: true);
        Add(HeaderKind.CSeq, "CSeq", single: true);
        Add(HeaderKind.Date, "Date", single: true);
        Add(HeaderKind.Event, "Event", 'o', single: true);
        Add(HeaderKind.Expires, "Expires", single: true);
        Add(HeaderKind.From, "From", 'f', single: true);
        Add(HeaderKind.MaxForwards, "Max-Forwards", single: true);
        Add(HeaderKind.MinExpires, "Min-Expires", single: true);
        Add(HeaderKind.ProxyAuthorization, "Proxy-Authorization");
        Add(HeaderKind.ProxyRequire, "Proxy-Require", list: true);
        Add(HeaderKind.RecordRoute, "Record-Route", list: true);
        Add(HeaderKind.ReferTo, "Refer-To", 'r', single: true);
        Add(HeaderKind.ReferredBy, "Referred-By", 'b', single: true);
        Add(HeaderKind.Require, "Require", list: true);
        Add(HeaderKind.RetryAfter, "Retry-After", single: true);
        Add(HeaderKind.Route, "Route", list: true);
        Add(HeaderKind.Server, "Server");
        Add(HeaderKind.SessionExpires, "Session-Expires", 'x', single: true);
        Add(HeaderKind.Subject, "Subject", 's');
        Add(HeaderKind.SubscriptionState, "Subscription-State", single: true);
        Add(HeaderKind.Supported, "Supported", 'k', list: true);
        Add(HeaderKind.Timestamp, "Timestamp", single: true);
        Add(HeaderKind.To, "To", 't', single: true);
        Add(HeaderKind.Unsupported, "Unsupported", list: true);
        Add(HeaderKind.UserAgent, "User-Agent");
        Add(HeaderKind.Via, "Via", 'v', list: true);
        Add(HeaderKind.Warning, "Warning", list: true);
        Add(HeaderKind.WwwAuthenticate, "WWW-Authenticate");
        Add(HeaderKind.ProxyAuthenticate, "Proxy-Authenticate");
        Add(HeaderKind.MsDiagnostics, "ms-diagnostics");
        Add(HeaderKind.MsDiagnosticsPublic, "ms-diagnostics-public");
        return all;
    }
}
