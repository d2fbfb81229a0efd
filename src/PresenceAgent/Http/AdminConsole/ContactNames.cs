using PresenceAgent.Directory;

namespace PresenceAgent.Http.AdminConsole;

/// <summary>
/// Names and kinds of contacts by key, for views that hold only keys (the watcher index, live presence): a service is
/// known by its configuration; any other key is a gateway alias (<c>user@host</c>), shown by its user part as
/// watchers see it.
/// </summary>
internal sealed class ContactNames
{
    private readonly Dictionary<string, Contact> _services;

    private ContactNames(Dictionary<string, Contact> services) => _services = services;

    public static ContactNames Of(ContactDirectory contacts)
    {
        var services = new Dictionary<string, Contact>(StringComparer.OrdinalIgnoreCase);
        foreach (var service in contacts.Services)
        {
            services.TryAdd(service.Key, service);
        }

        return new ContactNames(services);
    }

    public (string Name, string Kind) Describe(string key)
    {
        if (_services.TryGetValue(key, out var service))
        {
            return (service.DisplayName, service.Kind.ToString());
        }

        var at = key.IndexOf('@', StringComparison.Ordinal);
        return (at > 0 ? key[..at] : key, nameof(ContactKind.Gateway));
    }
}
