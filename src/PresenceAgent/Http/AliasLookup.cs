using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;
using PresenceAgent.Directory;

namespace PresenceAgent.Http;

/// <summary>
/// The contact an <c>/api/services/{alias}/…</c> route names, found as a SUBSCRIBE to it would be (a bare alias in the
/// first of Sip:Domains, <c>user@domain</c>, or a <c>sip:</c> URI; a served domain; services before gateway rules), so
/// the API and watchers always agree on what an alias is. A list is not a contact: it has no presence of its own.
/// </summary>
internal sealed class AliasLookup
{
    /// <summary>The name of the route value, as problems name it.</summary>
    public const string Field = "alias";

    private readonly ContactDirectory _contacts;
    private readonly ListDirectory _lists;
    private readonly IReadOnlyList<string> _domains;
    private readonly string? _host;

    /// <param name="contacts">Services and gateway rules.</param>
    /// <param name="lists">The configured lists.</param>
    /// <param name="domains">Sip:Domains.</param>
    /// <param name="host">Sip:Host, which the agent also answers for.</param>
    public AliasLookup(ContactDirectory contacts, ListDirectory lists, IReadOnlyList<string> domains, string? host)
    {
        _contacts = contacts;
        _lists = lists;
        _domains = domains;
        _host = host;
    }

    /// <returns>True with the contact, or false with the problem to answer: 400 for what is no alias, else 404.</returns>
    public bool TryFind(string typed, [NotNullWhen(true)] out Contact? contact, [NotNullWhen(false)] out ProblemHttpResult? problem)
    {
        contact = null;
        if (!TypedAlias.TryParse(typed, _domains, out var uri, out _))
        {
            problem = ApiProblems.Invalid(Field, "not an alias: give user, user@domain or sip:user@domain (without port or parameters).");
            return false;
        }

        var entity = ContactDirectory.BareUri(uri);
        if (!_domains.Contains(uri.Host, StringComparer.OrdinalIgnoreCase) && !string.Equals(uri.Host, _host, StringComparison.OrdinalIgnoreCase))
        {
            problem = ApiProblems.NotFound($"{entity}: {uri.Host} is not a domain of Sip:Domains.");
        }
        else if (_lists.Find(uri) is not null)
        {
            problem = ApiProblems.NotFound($"{entity} is a list; set the presence of its members.");
        }
        else if (_contacts.Resolve(uri) is { } found)
        {
            contact = found;
            problem = null;
            return true;
        }
        else
        {
            problem = ApiProblems.NotFound($"{entity} names no service and matches no routing rule.");
        }

        return false;
    }
}
