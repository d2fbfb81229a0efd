using System.Diagnostics.CodeAnalysis;
using PresenceAgent.Sip.Authentication;
using PresenceAgent.Sip.Core;
using PresenceAgent.Sip.Messages;

namespace PresenceAgent.Authentication;

/// <summary>
/// Which requests are challenged, and the challenge: with <c>Authentication:Enabled</c>, a request of
/// <c>Authentication:Methods</c> from a peer that is not trusted (<see cref="IncomingRequest.IsTrustedPeer"/>: a
/// configured network, or a Front End by its TLS certificate) must prove a configured user's credentials. Trusted
/// peers vouch for the users behind them and are never challenged.
/// </summary>
internal sealed class RequestAuthentication
{
    private readonly DigestAuthenticator? _digest;
    private readonly string[] _methods = [];
    private readonly ILogger _logger;

    // Options validated at start: the realm resolves, every algorithm and method is one of ours.
    public RequestAuthentication(AuthenticationOptions options, SipStackOptions sip, TimeProvider time, ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger<RequestAuthentication>();
        if (!options.Enabled)
        {
            return;
        }

        var realm = options.RealmIn(sip)!;
        var users = new ConfiguredUsers(options.Users, realm);
        var algorithms = options.AlgorithmsInForce.Select(a => DigestAlgorithmNames.TryParse(a, out var algorithm) ? algorithm : throw new ArgumentException(a, nameof(options)))
            .ToList();
        _methods = [.. options.MethodsInForce.Select(m => m.ToUpperInvariant()).Distinct()];
        _digest = new DigestAuthenticator(
            new DigestOptions
            {
                Realm = realm,
                NonceLifetime = TimeSpan.FromSeconds(options.NonceLifetimeSeconds),
                Algorithms = algorithms,
                MaxTrackedNonces = options.MaxTrackedNonces,
                LogSampleInterval = sip.Limits.LogSampleInterval,
                MaxLoggedSources = sip.Limits.MaxTrackedAddresses,
            },
            users, time, loggers.CreateLogger<DigestAuthenticator>());
        AuthenticationLog.On(_logger, string.Join(", ", _methods), realm, string.Join(", ", algorithms.Select(DigestAlgorithmNames.Of)), users.Count,
            options.NonceLifetimeSeconds);
    }

    /// <summary>
    /// Whether the request may go on: true with the identity it proved, or with none when it need not prove one; false
    /// with the response to answer it with instead (401 with challenges, or 400).
    /// </summary>
    public bool TryAuthenticate(IncomingRequest incoming, out string? identity, [NotNullWhen(false)] out SipResponse? refusal)
    {
        identity = null;
        refusal = null;
        if (_digest is null || incoming.IsTrustedPeer || !_methods.Contains(incoming.Request.Method))
        {
            return true;
        }

        var result = _digest.Authenticate(incoming);
        if (!result.Authenticated)
        {
            refusal = result.Refusal;
            return false;
        }

        identity = result.Identity;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var request = incoming.Request;
            AuthenticationLog.Authenticated(_logger, request.Method, incoming.Flow.RemoteEndPoint.Address.ToString(), SipFailure.Sanitize(request.CallId ?? "?"),
                SipFailure.Sanitize(identity), SipFailure.Sanitize(result.Username));
        }

        return true;
    }
}
