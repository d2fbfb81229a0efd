using System.Diagnostics.Metrics;
using PresenceAgent.Presence;
using PresenceAgent.Sip.Transport;
using PresenceAgent.Subscriptions;

namespace PresenceAgent.Telemetry;

/// <summary>
/// Active subscriptions by document format and transport: counted from the table when a scrape asks, so SUBSCRIBE
/// and unsubscribe pay nothing for it and a refresh that moves a watcher to another transport cannot make the count
/// drift. One pass over the table without locks; 100 000 subscriptions take a few milliseconds per scrape.
/// </summary>
internal static class SubscriptionInstruments
{
    private static readonly DocumentFormat[] s_formats = Enum.GetValues<DocumentFormat>();
    private static readonly TransportProtocol[] s_transports = Enum.GetValues<TransportProtocol>();

    public static void Publish(IMeterFactory meters, SubscriptionTable table) =>
        AgentMeter.From(meters).CreateObservableGauge("subscriptions.active", () => Observe(table), "{subscription}",
            "Subscriptions alive now, lists included, by the document format their watcher gets (pidf, msrtc, xpidf) and the transport of the last SUBSCRIBE (udp, tcp, tls).");

    internal static IEnumerable<Measurement<long>> Observe(SubscriptionTable table)
    {
        var counts = new long[s_formats.Length, s_transports.Length];
        foreach (var s in table.Live)
        {
            // Only hand-built test subscriptions lack a flow.
            if (s.Flow is { } flow)
            {
                counts[(int)s.Format, (int)flow.Protocol]++;
            }
        }

        // Every combination, zeros included: a gauge that stopped being reported would keep its last value.
        var measurements = new List<Measurement<long>>(counts.Length);
        foreach (var format in s_formats)
        {
            foreach (var transport in s_transports)
            {
                measurements.Add(new Measurement<long>(counts[(int)format, (int)transport],
                    new KeyValuePair<string, object?>("format", FormatLabel(format)),
                    new KeyValuePair<string, object?>("transport", TransportLabel(transport))));
            }
        }

        return measurements;
    }

    /// <summary>The label of a format, as metrics and the admin console's dashboard both name it.</summary>
    internal static string FormatLabel(DocumentFormat format) => format switch
    {
        DocumentFormat.Pidf => "pidf",
        DocumentFormat.MsrtcCategories => "msrtc",
        _ => "xpidf",
    };

    /// <summary>The label of a transport, as metrics and the admin console's dashboard both name it.</summary>
    internal static string TransportLabel(TransportProtocol transport) => transport switch
    {
        TransportProtocol.Udp => "udp",
        TransportProtocol.Tcp => "tcp",
        _ => "tls",
    };
}
