using System.Globalization;
using PresenceAgent.Sip.Authentication;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Authentication;

/// <summary>Checks <see cref="AuthenticationOptions"/> with the rest of the configuration and reports every problem at once, each at its key.</summary>
internal static class AuthenticationOptionsValidator
{
    private const string Section = AuthenticationOptions.SectionName;

    public static void Validate(AuthenticationOptions options, SipStackOptions sip, List<string> errors)
    {
        // Ten seconds is a client's round trip with room to spare; a day is longer than any refresh interval.
        if (options.NonceLifetimeSeconds is < 10 or > 86_400)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:NonceLifetimeSeconds: {options.NonceLifetimeSeconds} must be 10-86400 (s)."));
        }

        if (options.MaxTrackedNonces is < 1_000 or > 10_000_000)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:MaxTrackedNonces: {options.MaxTrackedNonces} must be 1000-10000000 (nonces)."));
        }

        var realm = ValidateRealm(options, sip, errors);
        ValidateMethods(options.Methods, errors);
        var algorithms = ValidateAlgorithms(options.Algorithms, errors);
        ValidateUsers(options.Users, realm, algorithms, errors);
        if (options.Enabled && options.Users.Count == 0)
        {
            errors.Add($"{Section}:Users: empty while {Section}:Enabled is true; nobody could authenticate. Add a user, or turn authentication off.");
        }
    }

    private static string ValidateRealm(AuthenticationOptions options, SipStackOptions sip, List<string> errors)
    {
        if (options.RealmIn(sip) is not { } realm)
        {
            if (options.Enabled)
            {
                errors.Add($"{Section}:Realm: unset and Sip:Domains is empty; name the realm (a served domain, say).");
            }

            return "";
        }

        if (string.IsNullOrWhiteSpace(realm) || realm.Length > 256 || realm.AsSpan().ContainsAny('"', '\\') || realm.Any(char.IsControl))
        {
            errors.Add($"{Section}:Realm: '{SipFailure.Sanitize(realm)}' is not a realm: 1-256 characters, no quote, backslash or control character.");
        }

        return realm;
    }

    private static void ValidateMethods(List<string>? methods, List<string> errors)
    {
        if (methods is null)
        {
            return;
        }

        if (methods.Count == 0)
        {
            errors.Add($"{Section}:Methods: empty; list SUBSCRIBE, PUBLISH or both, or leave the key out for SUBSCRIBE.");
        }

        for (var i = 0; i < methods.Count; i++)
        {
            if (!AuthenticationOptions.ChallengeableMethods.Contains(methods[i], StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{Section}:Methods:{i}: '{SipFailure.Sanitize(methods[i] ?? "")}' is not challenged here; SUBSCRIBE or PUBLISH.");
            }
        }
    }

    /// <summary>The algorithms offered, as far as they are valid.</summary>
    private static List<DigestAlgorithm> ValidateAlgorithms(List<string>? names, List<string> errors)
    {
        var algorithms = new List<DigestAlgorithm>();
        if (names is { Count: 0 })
        {
            errors.Add($"{Section}:Algorithms: empty; list SHA-256, MD5 or both, or leave the key out for both.");
        }

        var given = names ?? [.. AuthenticationOptions.DefaultAlgorithms];
        for (var i = 0; i < given.Count; i++)
        {
            if (!DigestAlgorithmNames.TryParse(given[i], out var algorithm))
            {
                errors.Add($"{Section}:Algorithms:{i}: '{SipFailure.Sanitize(given[i] ?? "")}' is not offered here; SHA-256 or MD5 (the -sess variants are not).");
            }
            else if (algorithms.Contains(algorithm))
            {
                errors.Add($"{Section}:Algorithms:{i}: '{given[i]}' is listed twice; each algorithm once, the preferred first.");
            }
            else
            {
                algorithms.Add(algorithm);
            }
        }

        return algorithms;
    }

    private static void ValidateUsers(List<AuthenticationUserOptions> users, string realm, List<DigestAlgorithm> algorithms, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < users.Count; i++)
        {
            var user = users[i];
            var key = $"{Section}:Users:{i}";
            if (string.IsNullOrWhiteSpace(user.Name) || user.Name.Any(char.IsControl) || user.Name.Length > 256)
            {
                errors.Add($"{key}:Name: '{SipFailure.Sanitize(user.Name ?? "")}' is not a user name: 1-256 characters, no control character.");
            }
            else if (!names.Add(user.Name))
            {
                errors.Add($"{key}:Name: '{SipFailure.Sanitize(user.Name)}' names another user too (ignoring case); each name once.");
            }

            ValidateSecret(user, key, algorithms, errors);
            if (!user.TryIdentity(realm, out _))
            {
                errors.Add($"{key}:AddressOfRecord: '{SipFailure.Sanitize(user.AddressOfRecord ?? "")}' is not user@host or a sip: URI with a user.");
            }
        }
    }

    /// <summary>Secrets are described, never quoted: errors reach logs and consoles.</summary>
    private static void ValidateSecret(AuthenticationUserOptions user, string key, List<DigestAlgorithm> algorithms, List<string> errors)
    {
        var hasHa1 = user.Ha1Sha256 is not null || user.Ha1Md5 is not null;
        if (user.Password is not null)
        {
            if (hasHa1)
            {
                errors.Add($"{key}: both Password and an HA1; give one or the other.");
            }
            else if (user.Password.Length == 0)
            {
                errors.Add($"{key}:Password: empty.");
            }

            return;
        }

        if (!hasHa1)
        {
            errors.Add($"{key}: neither Password nor Ha1Sha256/Ha1Md5; the user could never authenticate.");
            return;
        }

        CheckHa1(user.Ha1Sha256, 64, $"{key}:Ha1Sha256", errors);
        CheckHa1(user.Ha1Md5, 32, $"{key}:Ha1Md5", errors);
        if ((user.Ha1Sha256 is null || !algorithms.Contains(DigestAlgorithm.Sha256)) && (user.Ha1Md5 is null || !algorithms.Contains(DigestAlgorithm.Md5)))
        {
            errors.Add($"{key}: no HA1 for an algorithm {Section}:Algorithms offers; the user could never authenticate.");
        }
    }

    private static void CheckHa1(string? ha1, int digits, string key, List<string> errors)
    {
        if (ha1 is not null && (ha1.Length != digits || !ha1.All(char.IsAsciiHexDigit)))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}: not {digits} hex digits (H(name:realm:password) in hex)."));
        }
    }
}
