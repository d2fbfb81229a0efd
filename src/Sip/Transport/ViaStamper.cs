using System.Globalization;
using System.Net;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Sip.Transport;

/// <summary>Marks where a request really came from in its top Via, so the response can find the way back.</summary>
internal static class ViaStamper
{
    /// <summary>
    /// RFC 3261 §18.2.1: add <c>received=</c> when the sent-by host is not the source address. RFC 3581 §4: a valueless
    /// <c>rport</c> gets the source port, and then <c>received</c> is added even when it equals sent-by.
    /// Leaves the message untouched, and builds nothing, in the common case of a peer that put its own address.
    /// </summary>
    public static void Stamp(SipMessage request, IPEndPoint source)
    {
        var address = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        if (request.TopViaSentFrom(address))
        {
            // The common case, told from the bytes: parsing the Via here would cost every request its objects.
            return;
        }

        var top = request.TopVia;
        if (top is null)
        {
            return;
        }

        var wantsRPort = top.HasRPort && top.Parameters.Get("rport") is null;
        if (!wantsRPort && IPAddress.TryParse(Addresses.StripBrackets(top.Host), out var host) && host.Equals(address))
        {
            return;
        }

        // received = IPv4address / IPv6address: no brackets (RFC 3261 §20.42 grammar, RFC 5118 §4.5).
        top.Parameters.Set("received", address.ToString());
        if (wantsRPort)
        {
            top.Parameters.Set("rport", source.Port.ToString(CultureInfo.InvariantCulture));
        }

        var index = request.Headers.IndexOf(HeaderKind.Via);
        var field = request.Headers[index].Value;
        if (!field.Contains(',', StringComparison.Ordinal))
        {
            request.Headers.Replace(index, top.ToString());
            return;
        }

        // A field carrying several Vias ("Via: a, b"): only the first element changes.
        var values = HeaderValueList.Split(field);
        values[0] = top.ToString();
        request.Headers.Replace(index, string.Join(", ", values));
    }
}
