using System.Collections.Frozen;
using System.Net;
using DnsClient;
using DnsClient.Protocol;
using PresenceAgent.Sip.Transport;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// RFC 3263 §4.1 and §4.2 for a host name: NAPTR picks the transports and SRV names, SRV the targets and ports
/// (<see cref="SrvOrdering"/>), A and AAAA their addresses. The answer lives as long as the smallest TTL of the records
/// that made it, and no longer than the negative cache time when a question went unanswered on the way.
/// </summary>
internal sealed class DnsTargetLookup(SipDnsClient dns, FrozenDictionary<string, IPAddress> hosts, TimeSpan negativeLifetime)
{
    private static readonly TransportProtocol[] s_allTransports = [TransportProtocol.Udp, TransportProtocol.Tcp, TransportProtocol.Tls];

    /// <summary>
    /// <paramref name="port"/> given: A/AAAA only, over <paramref name="transport"/> (UDP when the URI named none).
    /// Otherwise NAPTR (restricted to <paramref name="transport"/> when named), else the conventional SRV names, else
    /// A/AAAA at the transport's default port.
    /// </summary>
    public async Task<TargetAnswer> LookUpAsync(string host, int? port, TransportProtocol? transport)
    {
        var asked = new List<DnsAnswer>();
        if (port is { } explicitPort)
        {
            var direct = await AddressTargetsAsync(host, transport ?? TransportProtocol.Udp, explicitPort, asked).ConfigureAwait(false);
            return Finish(direct.Targets, asked, direct.Failure);
        }

        var naptr = await dns.QueryAsync(host, QueryType.NAPTR).ConfigureAwait(false);
        asked.Add(naptr);
        if (naptr.Outcome == DnsOutcome.TimedOut)
        {
            // The servers do not answer: the SRV and address questions would only wait as long again.
            return Finish([], asked, $"DNS {naptr.Detail}");
        }

        var services = NaptrServices.Select(naptr.Records.OfType<NAPtrRecord>().Select(ToEntry), transport);
        if (services.Count == 0)
        {
            services = (transport is { } named ? [named] : s_allTransports).Select(t => NaptrServices.Conventional(t, host)).ToList();
        }

        var srvAnswers = await Task.WhenAll(services.Select(s => dns.QueryAsync(s.Name, QueryType.SRV))).ConfigureAwait(false);
        asked.AddRange(srvAnswers);
        var ordered = new List<(TransportProtocol Transport, SrvEntry Srv)>();
        for (var i = 0; i < services.Count; i++)
        {
            var entries = srvAnswers[i].Records.OfType<SrvRecord>().Select(ToEntry).ToList();
            ordered.AddRange(SrvOrdering.Order(entries, Random.Shared.Next).Select(e => (services[i].Transport, e)));
        }

        if (ordered.Count == 0)
        {
            // §4.2: no SRV, so the name's own addresses at the default port of the transport NAPTR chose or the URI named.
            var fallback = services[0].Transport;
            var direct = await AddressTargetsAsync(host, fallback, fallback.DefaultPort(), asked).ConfigureAwait(false);
            return Finish(direct.Targets, asked, direct.Failure);
        }

        // Every address of every target: a pool name stands for several Front Ends, each one a candidate to fail over to.
        var lookups = ordered.Select(o => o.Srv.Target).Distinct(StringComparer.OrdinalIgnoreCase)
            .ToDictionary(name => name, AddressesAsync, StringComparer.OrdinalIgnoreCase);
        await Task.WhenAll(lookups.Values).ConfigureAwait(false);
        var targets = new List<SipTarget>();
        foreach (var (srvTransport, srv) in ordered)
        {
            var (addresses, answers) = await lookups[srv.Target].ConfigureAwait(false);
            asked.AddRange(answers);
            targets.AddRange(addresses.Select(a => new SipTarget(srvTransport, new IPEndPoint(a, srv.Port))));
        }

        return Finish(targets, asked, "its SRV targets have no address");
    }

    private async Task<(List<SipTarget> Targets, string Failure)> AddressTargetsAsync(string host, TransportProtocol transport, int port, List<DnsAnswer> asked)
    {
        var (addresses, answers) = await AddressesAsync(host).ConfigureAwait(false);
        asked.AddRange(answers);
        var failure = "no A or AAAA records";
        foreach (var answer in answers)
        {
            if (answer.Outcome is not (DnsOutcome.Answered or DnsOutcome.NoRecords))
            {
                failure = answer.Detail;
                break;
            }
        }

        return (addresses.Select(a => new SipTarget(transport, new IPEndPoint(a, port))).ToList(), failure);
    }

    /// <summary>
    /// The static hosts map, else A and AAAA asked together. IPv4 first: the Lync and Skype for Business pools this
    /// agent serves are IPv4, and a name with AAAA records but no IPv6 route would otherwise cost each request a failed try.
    /// </summary>
    private async Task<(List<IPAddress> Addresses, List<DnsAnswer> Answers)> AddressesAsync(string name)
    {
        if (hosts.TryGetValue(name.TrimEnd('.'), out var mapped))
        {
            return ([mapped], []);
        }

        var a = dns.QueryAsync(name, QueryType.A);
        var aaaa = dns.QueryAsync(name, QueryType.AAAA);
        var answers = new List<DnsAnswer> { await a.ConfigureAwait(false), await aaaa.ConfigureAwait(false) };
        var addresses = answers[0].Records.OfType<ARecord>().Select(r => r.Address)
            .Concat(answers[1].Records.OfType<AaaaRecord>().Select(r => r.Address))
            .Select(Addresses.Normalize)
            .ToList();
        return (addresses, answers);
    }

    private TargetAnswer Finish(List<SipTarget> targets, List<DnsAnswer> asked, string failure)
    {
        if (targets.Count == 0)
        {
            return new TargetAnswer([], negativeLifetime, failure);
        }

        var lifetime = TimeSpan.MaxValue;
        foreach (var answer in asked)
        {
            if (answer.Outcome == DnsOutcome.Answered && answer.Ttl < lifetime)
            {
                lifetime = answer.Ttl;
            }
            else if (answer.IsFailure && negativeLifetime < lifetime)
            {
                // A question that went unanswered may have hidden better targets: ask again soon.
                lifetime = negativeLifetime;
            }
        }

        return new TargetAnswer(targets, lifetime, null);
    }

    private static NaptrEntry ToEntry(NAPtrRecord r) => new(r.Order, r.Preference, r.Flags, r.Services, r.Replacement.Value.TrimEnd('.'));

    private static SrvEntry ToEntry(SrvRecord r) => new(r.Priority, r.Weight, r.Port, r.Target.Value.TrimEnd('.'));
}
