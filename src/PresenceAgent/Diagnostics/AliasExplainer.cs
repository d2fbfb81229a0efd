using System.Text;
using PresenceAgent.Access;
using PresenceAgent.Directory;
using PresenceAgent.Documents.Msrtc;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Diagnostics;

/// <summary>
/// The one answer to "what does the agent do with this alias?", behind <c>GET /admin/rules/explain</c> and the
/// <c>explain</c> command: it decides as a SUBSCRIBE does (served domain, then lists, then services, then the rules, on
/// the same <c>user@host</c>) and renders what a watcher would receive.
/// </summary>
internal sealed class AliasExplainer
{
    private static readonly DocumentFormat[] s_formats = [DocumentFormat.Pidf, DocumentFormat.MsrtcCategories, DocumentFormat.Xpidf];

    private readonly ContactDirectory _contacts;
    private readonly ListDirectory _lists;
    private readonly PresenceBodies _bodies;
    private readonly IReadOnlyList<string> _domains;
    private readonly string? _host;

    /// <param name="contacts">Services and gateway rules, as SUBSCRIBEs resolve them.</param>
    /// <param name="lists">The configured lists.</param>
    /// <param name="bodies">The documents watchers are sent.</param>
    /// <param name="domains">Sip:Domains; a bare <c>user</c> is taken in the first.</param>
    /// <param name="host">Sip:Host, which the agent also answers for.</param>
    public AliasExplainer(ContactDirectory contacts, ListDirectory lists, PresenceBodies bodies, IReadOnlyList<string> domains, string? host)
    {
        _contacts = contacts;
        _lists = lists;
        _bodies = bodies;
        _domains = domains;
        _host = host;
    }

    public AliasExplanation Explain(string typed)
    {
        ArgumentNullException.ThrowIfNull(typed);
        if (!TypedAlias.TryParse(typed, _domains, out var uri, out var assumed))
        {
            return new AliasExplanation
            {
                Typed = typed,
                Answer = AliasAnswer.NotAnAlias,
                Summary = $"'{typed}' is not user or user@host (a '+' typed in a URL query must be sent as %2B).",
            };
        }

        var explanation = new AliasExplanation { Typed = typed, Uri = ContactDirectory.BareUri(uri), AssumedDomain = assumed, Answer = AliasAnswer.NoPresence, Summary = "" };
        if (!IsServed(uri.Host))
        {
            return explanation with
            {
                Answer = AliasAnswer.DomainNotServed,
                Summary = $"{uri.Host} is not in Sip:Domains: watchers get 404 (the agent never relays).",
            };
        }

        if (_lists.Find(uri) is { } list)
        {
            return explanation with
            {
                Answer = AliasAnswer.List,
                Summary = $"list '{list.Name}' of {list.Resources.Count} members (watchers need Supported: eventlist; each member as below).",
                Members = [.. list.Resources.Select(r => Explain(r.Uri, r.Entity, r.Contact))],
            };
        }

        return _contacts.Resolve(uri) is { } contact
            ? Explain(typed, explanation.Uri!, contact) with { AssumedDomain = assumed }
            : WithRules(explanation with { Summary = "no service and no rule: watchers get 404 (no presence)." }, uri);
    }

    /// <summary>A resolved contact (or a list member that names nothing): verdict, rule trace and documents.</summary>
    private AliasExplanation Explain(string typed, string entity, Contact? contact)
    {
        var explanation = new AliasExplanation { Typed = typed, Uri = entity, Answer = AliasAnswer.NoPresence, Summary = "names nothing: watchers of the list get it terminated (noresource)." };
        if (SipUri.TryParse(entity, out var uri))
        {
            explanation = WithRules(explanation, uri);
        }

        if (contact is null)
        {
            return explanation;
        }

        return explanation with
        {
            Answer = contact.Kind == ContactKind.Gateway ? AliasAnswer.Gateway : AliasAnswer.Service,
            ContactName = contact.DisplayName,
            Summary = contact.Kind == ContactKind.Gateway
                ? $"gateway contact: rule '{contact.RuleName}' routes it to {contact.Destination}; watchers get Available."
                : $"{contact.Kind} '{contact.DisplayName}' answers (services answer before any rule).",
            Documents = [.. s_formats.Select(format =>
            {
                // The whole document, as a Personal watcher sees it: the admin asks what the contact can show.
                var (contentType, body) = _bodies.For(contact, entity, format, CategorySet.All, AccessLevel.Personal);
                return new WatcherDocument(contentType, Encoding.UTF8.GetString(body.Span));
            })],
        };
    }

    /// <summary>Every rule's verdict on the <c>user@host</c> the directory resolves, so both always agree.</summary>
    private AliasExplanation WithRules(AliasExplanation explanation, SipUri uri)
    {
        var trace = _contacts.Rules.Explain(ContactDirectory.AliasOf(uri)!);
        return explanation with
        {
            RuleOutcome = trace.Outcome,
            Rules = [.. trace.Rules.Select(t => new RuleVerdict(t.Rule.Name, t.Enabled, t.Matched, t.TimedOut, t.Destination, t.IsWinner, t.Elapsed))],
        };
    }

    private bool IsServed(string host) =>
        _domains.Contains(host, StringComparer.OrdinalIgnoreCase) || string.Equals(host, _host, StringComparison.OrdinalIgnoreCase);
}
