using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Core;

/// <summary>
/// The host's handlers by method, and what they serve together as the headers advertise it: Allow (OPTIONS first),
/// Accept, Allow-Events and Supported, each listed once. Built once at start; read without locks after.
/// </summary>
internal sealed class RequestHandlers
{
    private readonly Dictionary<string, ISipRequestHandler> _byMethod = new(StringComparer.Ordinal);
    private readonly HashSet<string> _optionTags = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Throws <see cref="ArgumentException"/> for a handler claiming INVITE or ACK (the stack answers INVITEs 405 without a
    /// transaction and ignores ACKs) or a method another handler claims already.
    /// </summary>
    public RequestHandlers(IReadOnlyList<ISipRequestHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var allow = new List<string> { SipMethods.Options };
        var accept = new List<string>();
        var events = new List<string>();
        var supported = new List<string>();
        foreach (var handler in handlers)
        {
            foreach (var method in handler.Methods)
            {
                if (method is SipMethods.Invite or SipMethods.Ack)
                {
                    throw new ArgumentException("INVITE and ACK cannot be handled: the stack answers INVITEs 405 without a transaction and ignores ACKs.", nameof(handlers));
                }

                if (!_byMethod.TryAdd(method, handler))
                {
                    throw new ArgumentException($"Two handlers claim {method}.", nameof(handlers));
                }

                if (method != SipMethods.Options)
                {
                    allow.Add(method);
                }
            }

            AddNew(accept, handler.AcceptedContentTypes, StringComparer.OrdinalIgnoreCase);
            AddNew(events, handler.AllowEvents, StringComparer.OrdinalIgnoreCase);

            // Option tags are tokens, compared case-insensitively (RFC 3261 §7.3.1).
            foreach (var tag in handler.OptionTags)
            {
                if (_optionTags.Add(tag))
                {
                    supported.Add(tag);
                }
            }
        }

        Methods = [.. allow];
        Allow = string.Join(", ", allow);
        Accept = string.Join(", ", accept);
        AllowEvents = string.Join(", ", events);
        Supported = string.Join(", ", supported);
    }

    /// <summary>OPTIONS and every handled method: what a CANCEL may target, in Allow's order.</summary>
    public string[] Methods { get; }

    public string Allow { get; }

    public string Accept { get; }

    public string AllowEvents { get; }

    public string Supported { get; }

    public bool Handles(string method) => _byMethod.ContainsKey(method);

    public ISipRequestHandler? For(string method) => _byMethod.GetValueOrDefault(method);

    public bool SupportsOptionTag(string tag) => _optionTags.Contains(tag);

    private static void AddNew(List<string> into, IEnumerable<string> values, StringComparer comparer)
    {
        foreach (var value in values)
        {
            if (!into.Contains(value, comparer))
            {
                into.Add(value);
            }
        }
    }
}
