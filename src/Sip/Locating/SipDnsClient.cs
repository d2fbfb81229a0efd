using System.Net;
using DnsClient;
using DnsClient.Protocol;

namespace PresenceAgent.Sip.Locating;

/// <summary>
/// Asks the configured DNS servers one question at a time through DnsClient and reports how it went as a
/// <see cref="DnsAnswer"/>, never by an exception. DnsClient's own cache is off: <see cref="TargetCache"/> keeps whole
/// resolutions, bounded, instead.
/// </summary>
internal sealed class SipDnsClient
{
    private readonly LookupClient _client;

    public SipDnsClient(SipDnsOptions options)
    {
        Servers = ServersOf(options);
        _client = new LookupClient(new LookupClientOptions(Servers.Select(s => new NameServer(s)).ToArray())
        {
            UseCache = false,
            Timeout = options.Timeout,
            Retries = options.Retries,
            ThrowDnsErrors = false,

            // The servers are asked in the order given, like resolv.conf. An empty answer (no NAPTR is the usual case) is
            // an answer: asking the next server would only double the queries. An error code moves on to the next.
            UseRandomNameServer = false,
            ContinueOnEmptyResponse = false,
            ContinueOnDnsError = true,
        });
    }

    /// <summary>The servers asked, in order.</summary>
    public IReadOnlyList<IPEndPoint> Servers { get; }

    public async Task<DnsAnswer> QueryAsync(string name, QueryType type)
    {
        IDnsQueryResponse response;
        try
        {
            response = await _client.QueryAsync(name, type).ConfigureAwait(false);
        }
        catch (DnsResponseException ex) when (ex.Code == DnsResponseCode.ConnectionTimeout)
        {
            return DnsAnswer.Failed(DnsOutcome.TimedOut, "timed out");
        }
        catch (DnsResponseException ex)
        {
            return DnsAnswer.Failed(DnsOutcome.ServerFailure, ex.DnsError);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            return DnsAnswer.Failed(DnsOutcome.BadName, "not a DNS name");
        }

        var code = response.Header.ResponseCode;
        if (code == DnsHeaderResponseCode.NotExistentDomain)
        {
            return DnsAnswer.Failed(DnsOutcome.NoSuchName, "no such name (NXDOMAIN)");
        }

        if (code != DnsHeaderResponseCode.NoError)
        {
            return DnsAnswer.Failed(DnsOutcome.ServerFailure, $"server answered {code}");
        }

        var records = new List<DnsResourceRecord>();
        var ttl = int.MaxValue;
        foreach (var record in response.Answers)
        {
            // CNAMEs on the way count for the TTL; only records of the type asked are returned.
            ttl = Math.Min(ttl, record.TimeToLive);
            if (record.RecordType == (ResourceRecordType)type)
            {
                records.Add(record);
            }
        }

        return records.Count == 0
            ? DnsAnswer.Failed(DnsOutcome.NoRecords, $"no {type} records")
            : new DnsAnswer(DnsOutcome.Answered, records, TimeSpan.FromSeconds(Math.Max(ttl, 0)), "");
    }

    /// <summary>
    /// The configured servers; else the system's (resolv.conf), without DnsClient's fallback to a public resolver on the
    /// Internet; else 127.0.0.1 as the C library does when resolv.conf names none.
    /// </summary>
    private static IPEndPoint[] ServersOf(SipDnsOptions options)
    {
        if (options.Servers.Count > 0)
        {
            return options.Servers.Select(s => DnsServerAddress.TryParse(s, out var endPoint)
                ? endPoint
                : throw new ArgumentException($"'{s}' is not a DNS server address.", nameof(options))).ToArray();
        }

        var system = NameServer.ResolveNameServers(skipIPv6SiteLocal: true, fallbackToGooglePublicDns: false);
        return system.Count > 0
            ? system.Select(s => new IPEndPoint(IPAddress.Parse(s.Address), s.Port)).ToArray()
            : [new IPEndPoint(IPAddress.Loopback, DnsServerAddress.DefaultPort)];
    }
}
