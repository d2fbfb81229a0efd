using PresenceAgent.Sip.Authentication;

namespace PresenceAgent.Authentication;

/// <summary>The users of <c>Authentication:Users</c>, each made into its credential once, at start. Read-only after construction.</summary>
internal sealed class ConfiguredUsers : IDigestCredentials
{
    private readonly Dictionary<string, DigestCredential> _users = new(StringComparer.Ordinal);

    /// <param name="users">Validated: names unique, one secret each, addresses of record that parse.</param>
    /// <param name="realm">The realm in force, which each password's HA1 is of.</param>
    public ConfiguredUsers(IEnumerable<AuthenticationUserOptions> users, string realm)
    {
        foreach (var user in users)
        {
            var identity = user.TryIdentity(realm, out var aor) ? aor : throw new ArgumentException($"Not an address of record: {user.AddressOfRecord}", nameof(users));
            _users.Add(user.Name, user.Password is { } password
                ? DigestCredential.FromPassword(user.Name, realm, password, identity)
                : DigestCredential.FromHa1(user.Ha1Sha256, user.Ha1Md5, identity));
        }
    }

    public int Count => _users.Count;

    public DigestCredential? Find(string username) => _users.GetValueOrDefault(username);
}
