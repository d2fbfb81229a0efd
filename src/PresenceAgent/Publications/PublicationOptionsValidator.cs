using System.Globalization;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Publications;

/// <summary>Checks <see cref="PublicationOptions"/> with the rest of the configuration and reports every problem at once, each at its key.</summary>
internal static class PublicationOptionsValidator
{
    private const string Section = PublicationOptions.SectionName;

    public static void Validate(PublicationOptions options, SipStackOptions sip, List<string> errors)
    {
        ValidatePublishers(options.Publishers, sip, errors);

        // No RFC bounds PUBLISH intervals; the subscription bounds are a sound frame for the same refresh traffic.
        InRange(errors, "MinExpires", options.MinExpires, 1, 3600, "s");
        InRange(errors, "MaxExpires", options.MaxExpires, 1, 86_400, "s");
        InRange(errors, "DefaultExpires", options.DefaultExpires, 1, 86_400, "s");
        if (options.MaxExpires < options.MinExpires)
        {
            errors.Add($"{Section}:MaxExpires: {options.MaxExpires} is below MinExpires {options.MinExpires}.");
        }

        if (options.DefaultExpires < options.MinExpires || options.DefaultExpires > options.MaxExpires)
        {
            errors.Add($"{Section}:DefaultExpires: {options.DefaultExpires} must lie between MinExpires and MaxExpires.");
        }

        InRange(errors, "MaxPublications", options.MaxPublications, 1, 1_000_000, "publications");
        InRange(errors, "MaxPerAlias", options.MaxPerAlias, 1, 10_000, "publications");
        InRange(errors, "MaxPerSource", options.MaxPerSource, 1, 1_000_000, "publications");

        // Below 1 KiB no real presence document fits; above 1 MiB a body is no presence document.
        InRange(errors, "MaxBodyBytes", options.MaxBodyBytes, 1024, 1024 * 1024, "bytes");
        InRange(errors, "MaxNoteLength", options.MaxNoteLength, 16, 4096, "characters");
    }

    private static void ValidatePublishers(List<PublisherOptions> publishers, SipStackOptions sip, List<string> errors)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < publishers.Count; i++)
        {
            var publisher = publishers[i];
            var key = $"{Section}:Publishers:{i}";
            if (string.IsNullOrWhiteSpace(publisher.Name))
            {
                errors.Add($"{key}:Name: empty; it names the publisher in logs.");
            }
            else if (!names.Add(publisher.Name))
            {
                errors.Add($"{key}:Name: '{publisher.Name}' names another publisher too; each name once.");
            }

            if (publisher.Networks.Count == 0 && publisher.PeerNames.Count == 0)
            {
                errors.Add($"{key}: neither Networks nor PeerNames; a publisher nobody can be is a typo.");
            }

            for (var j = 0; j < publisher.Networks.Count; j++)
            {
                if (!NetworkText.TryParse(publisher.Networks[j], out _))
                {
                    errors.Add($"{key}:Networks:{j}: '{SipFailure.Sanitize(publisher.Networks[j] ?? "")}' is not an address or a CIDR network with its host bits zero (e.g. 10.1.0.0/16, 192.0.2.10).");
                }
            }

            ValidatePeerNames(publisher.PeerNames, key, sip, errors);
        }
    }

    /// <summary>A certificate is only asked for, and so a name only known, on a TLS listener that requires one and lets it through.</summary>
    private static void ValidatePeerNames(List<string> peerNames, string key, SipStackOptions sip, List<string> errors)
    {
        if (peerNames.Count == 0)
        {
            return;
        }

        if (!sip.Tls.RequireClientCertificate || !sip.Listeners.Any(l => l.Protocol == TransportProtocol.Tls))
        {
            errors.Add($"{key}:PeerNames: names are only known from client certificates; add a Tls listener and set Sip:Tls:RequireClientCertificate.");
        }

        for (var j = 0; j < peerNames.Count; j++)
        {
            var name = peerNames[j];
            if (Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                errors.Add($"{key}:PeerNames:{j}: '{SipFailure.Sanitize(name ?? "")}' is not a host name (e.g. conf01.example.com; no wildcards).");
            }
            else if (sip.Tls.AllowedPeerNames.Count > 0 && !sip.Tls.AllowedPeerNames.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{key}:PeerNames:{j}: '{name}' is not in Sip:Tls:AllowedPeerNames, so its certificate is refused at the handshake; add it there.");
            }
        }
    }

    private static void InRange(List<string> errors, string key, int value, int min, int max, string unit)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Section}:{key}: {value} must be {min}-{max} ({unit})."));
        }
    }
}
