using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PresenceAgent.Sip.Core;

namespace PresenceAgent.Http;

/// <summary>
/// Where watchers fetch avatars: Http:PublicBaseUrl when set, else the first address Kestrel bound (known only after
/// start, which also covers port 0), with a wildcard host replaced by Sip:Host.
/// </summary>
internal sealed class PublicBaseUrl
{
    private readonly HttpOptions _http;
    private readonly SipStackOptions _sip;
    private readonly IServer _server;
    private Uri? _resolved;

    public PublicBaseUrl(HttpOptions http, SipStackOptions sip, IServer server)
    {
        _http = http;
        _sip = sip;
        _server = server;
    }

    public Uri Get() => _resolved ??= For(_http, _sip, _server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault());

    /// <summary>The base for <paramref name="boundAddress"/> (null: the first of Http:Urls, for a agent not running).</summary>
    public static Uri For(HttpOptions http, SipStackOptions sip, string? boundAddress)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(sip);
        if (http.PublicBaseUrl is { } configured)
        {
            return new Uri(configured, UriKind.Absolute);
        }

        var address = boundAddress ?? http.Urls.Split(';')[0];
        var builder = new UriBuilder(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = sip.Host ?? Environment.MachineName;
        }

        return builder.Uri;
    }
}
